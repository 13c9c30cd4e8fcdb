package dev.pds.core.lexicon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One schema of a lexicon document (atproto.com/specs/lexicon), parsed and immutable. Refs are
 * kept as full names ({@code nsid} for a main def, {@code nsid#name} otherwise), already made
 * absolute at parse time so that validation never needs the enclosing document.
 */
public sealed interface LexType {

    record LexBoolean(Optional<Boolean> defaultValue, Optional<Boolean> constValue) implements LexType {
    }

    record LexInteger(OptionalLong minimum, OptionalLong maximum, List<Long> enumValues,
                      OptionalLong defaultValue, OptionalLong constValue) implements LexType {
        public LexInteger {
            enumValues = List.copyOf(enumValues);
        }
    }

    /** Lengths in UTF-8 bytes, graphemes in extended grapheme clusters; -1 where absent. */
    record LexString(Optional<StringFormat> format, long minLength, long maxLength, long minGraphemes,
                     long maxGraphemes, List<String> knownValues, List<String> enumValues,
                     Optional<String> defaultValue, Optional<String> constValue) implements LexType {
        public LexString {
            knownValues = List.copyOf(knownValues);
            enumValues = List.copyOf(enumValues);
        }
    }

    record LexBytes(long minLength, long maxLength) implements LexType {
    }

    record LexCidLink() implements LexType {
    }

    /** {@code accept}: MIME patterns such as {@code image/*}; empty accepts all. maxSize -1 when absent. */
    record LexBlob(List<String> accept, long maxSize) implements LexType {
        public LexBlob {
            accept = List.copyOf(accept);
        }
    }

    record LexArray(LexType items, long minLength, long maxLength) implements LexType {
    }

    record LexObject(Map<String, LexType> properties, Set<String> required, Set<String> nullable) implements LexType {
        public LexObject {
            properties = Map.copyOf(properties);
            required = Set.copyOf(required);
            nullable = Set.copyOf(nullable);
        }
    }

    record LexRef(String ref) implements LexType {
    }

    record LexUnion(List<String> refs, boolean closed) implements LexType {
        public LexUnion {
            refs = List.copyOf(refs);
        }
    }

    record LexUnknown() implements LexType {
    }

    /** A named value; a string property referring to it must hold its full name. */
    record LexToken(String fullName) implements LexType {
    }

    /** Query parameters: only booleans, integers, strings, unknown, and arrays of the first three. */
    record LexParams(Map<String, LexType> properties, Set<String> required) implements LexType {
        public LexParams {
            properties = Map.copyOf(properties);
            required = Set.copyOf(required);
        }
    }

    /** @param key {@code tid}, {@code nsid}, {@code any} or {@code literal:<value>} */
    record LexRecord(String key, LexObject record) implements LexType {
    }

    /** An input, output or message body: its encoding and, for JSON, its schema (object, ref or union). */
    record LexBody(Optional<String> encoding, Optional<LexType> schema) implements LexType {
    }

    enum MethodKind { QUERY, PROCEDURE, SUBSCRIPTION }

    record LexMethod(MethodKind kind, Optional<LexParams> parameters, Optional<LexBody> input,
                     Optional<LexBody> output, Optional<LexBody> message, List<String> errors) implements LexType {
        public LexMethod {
            errors = List.copyOf(errors);
        }
    }

    /** A bundle of OAuth permissions; kept as the count, the server reads the document itself. */
    record LexPermissionSet(Optional<String> title, int permissions) implements LexType {
    }
}
