package dev.pds.core.lexicon;

import dev.pds.core.syntax.Nsid;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One parsed lexicon document: its NSID and its named defs. */
public record LexiconDocument(Nsid id, Map<String, LexType> defs) {
    public LexiconDocument {
        Objects.requireNonNull(id, "id");
        defs = Map.copyOf(defs);
    }

    public Optional<LexType> def(String name) {
        return Optional.ofNullable(defs.get(name));
    }

    public Optional<LexType> main() {
        return def("main");
    }
}
