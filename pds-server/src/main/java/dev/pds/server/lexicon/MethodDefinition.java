package dev.pds.server.lexicon;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The XRPC method a lexicon document's {@code main} def declares: its kind, its parameters and
 * the encodings of its input and output.
 */
public record MethodDefinition(
        String nsid, MethodType type, List<ParamSpec> parameters, Optional<String> inputEncoding,
        Optional<String> outputEncoding) {

    public MethodDefinition {
        Objects.requireNonNull(nsid, "nsid");
        Objects.requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(inputEncoding, "inputEncoding");
        Objects.requireNonNull(outputEncoding, "outputEncoding");
    }

    /** True when the input is a JSON document (which the router parses before the handler runs). */
    public boolean takesJsonInput() {
        return inputEncoding.map(e -> e.equals("application/json")).orElse(false);
    }
}
