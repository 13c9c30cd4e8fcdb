package dev.pds.core.data;

/** RFC 4648 base32, lower case, no padding: the multibase {@code b} alphabet of CID strings. */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base32() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Writes the encoding of {@code n} bytes at {@code off} as ASCII into {@code out} at {@code pos}; returns the end. */
    static int encodeTo(byte[] data, int off, int n, byte[] out, int pos) {
        int buffer = 0;
        int bits = 0;
        for (int i = off, end = off + n; i < end; i++) {
            buffer = (buffer << 8) | (data[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[pos++] = (byte) ALPHABET[(buffer >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[pos++] = (byte) ALPHABET[(buffer << (5 - bits)) & 31];
        }
        return pos;
    }

    /** Decodes {@code s} from {@code start}; null if a character is outside the alphabet or the tail is not canonical. */
    static byte[] decode(CharSequence s, int start) {
        int chars = s.length() - start;
        int remBits = (chars * 5) % 8;
        // a valid unpadded length leaves fewer than 5 spare bits (1, 3, 4, 6 or 8 chars per 5 bytes)
        if (remBits >= 5) {
            return null;
        }
        byte[] out = new byte[chars * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[pos++] = (byte) (buffer >>> bits);
            }
        }
        // spare bits must be zero, or two strings would decode to the same bytes
        if (bits > 0 && (buffer & ((1 << bits) - 1)) != 0) {
            return null;
        }
        return out;
    }
}
