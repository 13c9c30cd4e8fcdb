package dev.pds.core.data;

import java.util.Objects;

/**
 * A Unicode string. Encoders refuse strings holding unpaired surrogates, which have no UTF-8 form.
 */
public record DataString(String value) implements DataValue {
    public DataString {
        Objects.requireNonNull(value, "value");
    }
}
