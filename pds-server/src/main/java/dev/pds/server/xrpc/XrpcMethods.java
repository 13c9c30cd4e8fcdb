package dev.pds.server.xrpc;

import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.lexicon.LexiconValidator;
import dev.pds.server.lexicon.MethodDefinition;
import dev.pds.server.lexicon.MethodType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The methods this server implements, by NSID, each with the lexicon definition that governs
 * it. Built once at startup; a method without a lexicon is a startup error, so routing can
 * trust the definition.
 */
public final class XrpcMethods {
    /** A handler with its lexicon definition. */
    public record Registered(MethodDefinition definition, XrpcMethod handler) {
        public Registered {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final LexiconCatalog lexicons;
    private final Map<String, Registered> methods;

    private XrpcMethods(LexiconCatalog lexicons, Map<String, Registered> methods) {
        this.lexicons = lexicons;
        this.methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    }

    public static Builder builder(LexiconCatalog lexicons) {
        return new Builder(lexicons);
    }

    public Optional<Registered> find(String nsid) {
        return Optional.ofNullable(methods.get(nsid));
    }

    /** The lexicon definition of a method we may not implement (to tell wrong verbs from unknown methods). */
    public Optional<MethodDefinition> definition(String nsid) {
        return lexicons.method(nsid);
    }

    /** The streamed body limit of a procedure that takes its body streamed to a file, else 0. */
    public long streamedBodyLimit(String nsid) {
        Registered method = methods.get(nsid);
        return method == null ? 0 : method.handler().maxStreamedBodyBytes();
    }

    public Set<String> nsids() {
        return methods.keySet();
    }

    public LexiconCatalog lexicons() {
        return lexicons;
    }

    public static final class Builder {
        private final LexiconCatalog lexicons;
        private final Map<String, Registered> methods = new LinkedHashMap<>();

        private Builder(LexiconCatalog lexicons) {
            this.lexicons = Objects.requireNonNull(lexicons, "lexicons");
        }

        public Builder add(XrpcMethod handler) {
            String nsid = handler.nsid();
            MethodDefinition definition = lexicons.method(nsid).orElseThrow(
                    () -> new IllegalStateException("no lexicon defines the method " + nsid));
            if (definition.type() == MethodType.SUBSCRIPTION) {
                throw new IllegalStateException(nsid + " is a subscription; those are served over WebSocket");
            }
            new LexiconValidator(lexicons).checkInputSchema(nsid);
            if (handler.maxStreamedBodyBytes() < 0) {
                throw new IllegalStateException(nsid + " declares a negative streamed body limit");
            }
            if (handler.maxStreamedBodyBytes() > 0
                    && (definition.type() != MethodType.PROCEDURE || definition.inputEncoding().isEmpty()
                            || definition.takesJsonInput())) {
                throw new IllegalStateException(nsid + " streams its body, so it must be a procedure whose input is not JSON");
            }
            if (methods.putIfAbsent(nsid, new Registered(definition, handler)) != null) {
                throw new IllegalStateException("method " + nsid + " is registered twice");
            }
            return this;
        }

        public XrpcMethods build() {
            return new XrpcMethods(lexicons, methods);
        }
    }
}
