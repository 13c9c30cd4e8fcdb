package dev.pds.core.data;

/**
 * Strict UTF-8 both ways. The JDK's own conversions silently replace bad input with U+FFFD or
 * '?', which would change data (and its CID) instead of refusing it.
 */
final class Utf8 {
    private Utf8() {
    }

    /** UTF-8 length of {@code s}; refuses unpaired surrogates, which have no UTF-8 form. */
    static int encodedLength(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                len += 1;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw unpaired(i);
                }
                len += 2; // 4 bytes for 2 chars
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw unpaired(i);
            } else {
                len += 2;
            }
        }
        return len;
    }

    /** Writes {@code s} (already checked by {@link #encodedLength}) at {@code pos}; returns the end. */
    static int encode(String s, byte[] buf, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xc0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xf0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                buf[pos++] = (byte) (0xe0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return pos;
    }

    static byte[] encode(String s) {
        byte[] out = new byte[encodedLength(s)];
        encode(s, out, 0);
        return out;
    }

    /**
     * Decodes {@code len} bytes at {@code off}, refusing overlong forms, surrogates, code points
     * past U+10FFFF and truncated sequences; returns null when the bytes are not valid UTF-8.
     */
    static String decode(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && buf[i] >= 0) {
            i++;
        }
        if (i == end) {
            // all ASCII: Latin-1 decoding is the JDK's fastest path and gives the same chars
            return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return validFrom(buf, i, end) ? new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /** Whether the {@code len} bytes at {@code off} are valid UTF-8, by the rules of {@link #decode}. */
    static boolean isValid(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && buf[i] >= 0) {
            i++;
        }
        return i == end || validFrom(buf, i, end);
    }

    private static boolean validFrom(byte[] buf, int i, int end) {
        while (i < end) {
            int b = buf[i] & 0xff;
            if (b < 0x80) {
                i++;
            } else if (b >= 0xc2 && b <= 0xdf) {
                if (i + 1 >= end || !cont(buf[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                if (i + 2 >= end || !cont(buf[i + 1]) || !cont(buf[i + 2])) {
                    return false;
                }
                int b1 = buf[i + 1] & 0xff;
                if ((b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 >= 0xa0)) {
                    return false; // overlong, or a UTF-16 surrogate
                }
                i += 3;
            } else if (b >= 0xf0 && b <= 0xf4) {
                if (i + 3 >= end || !cont(buf[i + 1]) || !cont(buf[i + 2]) || !cont(buf[i + 3])) {
                    return false;
                }
                int b1 = buf[i + 1] & 0xff;
                if ((b == 0xf0 && b1 < 0x90) || (b == 0xf4 && b1 >= 0x90)) {
                    return false; // overlong, or past U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }

    private static DataModelException unpaired(int index) {
        return new DataModelException("string has an unpaired UTF-16 surrogate at index " + index + " (not valid Unicode)");
    }
}
