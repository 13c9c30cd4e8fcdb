package dev.pds.server.lexicon;

import dev.pds.core.lexicon.LexiconException;
/** The value types a lexicon allows in query parameters (alone or as array items). */
public enum ParamType {
    STRING,
    INTEGER,
    BOOLEAN,
    /** Passed through as the raw string. */
    UNKNOWN;

    static ParamType fromLexicon(String type, String where) {
        switch (type) {
            case "string":
                return STRING;
            case "integer":
                return INTEGER;
            case "boolean":
                return BOOLEAN;
            case "unknown":
                return UNKNOWN;
            default:
                throw new LexiconException(where + ": type '" + type + "' is not allowed in parameters");
        }
    }
}
