package dev.pds.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One key and value read from a server {@link Table}; the arrays are the caller's. */
public record TableEntry(byte[] key, byte[] value) {
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The first key after every key that starts with {@code prefix} (for range ends). */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        // all 0xff: no finite end; extend instead (keys are bounded, so this is past them all)
        byte[] longer = Arrays.copyOf(prefix, TableWrites.MAX_KEY_BYTES + 1);
        Arrays.fill(longer, prefix.length, longer.length, (byte) 0xff);
        return longer;
    }
}
