package dev.pds.core.lexicon;

/** The {@code validate} parameter of the record write methods. */
public enum ValidateMode {
    /** {@code validate: true}: the lexicon must be known and the record must pass it. */
    REQUIRE,
    /** {@code validate} absent: validate when the lexicon is known, pass unknown types. */
    IF_KNOWN,
    /** {@code validate: false}: no lexicon validation (the answer carries no validationStatus). */
    SKIP;

    /** From the request: {@code null} when the parameter is absent. */
    public static ValidateMode of(Boolean validate) {
        if (validate == null) {
            return IF_KNOWN;
        }
        return validate ? REQUIRE : SKIP;
    }
}
