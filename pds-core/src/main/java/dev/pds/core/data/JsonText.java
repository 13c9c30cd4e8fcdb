package dev.pds.core.data;

import java.util.Arrays;

/**
 * JSON text built as UTF-8 bytes in one growing array, for answers rendered straight from stored
 * DAG-CBOR ({@link DagCborJson}) without a tree or a generator in between. Strings are escaped
 * exactly as Jackson's generator escapes them (quote, backslash, control characters, and
 * characters beyond U+FFFF as surrogate-pair escapes; all else verbatim UTF-8), so answers keep
 * the bytes they had when Jackson wrote them. The caller writes the
 * structure (braces, commas, colons) itself.
 */
public final class JsonText {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** For ASCII: 0 verbatim, -1 as a backslash-u escape, else the letter after the backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buf;
    private int len;

    public JsonText(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** The text so far, as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * The text, without a copy when the buffer is exactly full (sized from the start by a caller
     * that knew the length); nothing may be written after this.
     */
    public byte[] toOwnedArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    public int length() {
        return len;
    }

    /** One structural ASCII character: {@code { } [ ] : ,}. */
    public JsonText raw(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** ASCII text written as is (no quotes, no escaping): a key with its quotes, a literal. */
    public JsonText raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        ascii.getBytes(0, n, buf, len); // the deprecated form copies the low bytes, which is ASCII here
        len += n;
        return this;
    }

    /** Bytes written as is. */
    public JsonText raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    public JsonText number(long v) {
        if (v >= 0 && v < 10) {
            return raw((char) ('0' + v));
        }
        return raw(Long.toString(v));
    }

    public JsonText bool(boolean v) {
        return raw(v ? "true" : "false");
    }

    /** {@code s} as a quoted, escaped JSON string; refuses unpaired surrogates. */
    public JsonText string(String s) {
        boolean plain = plain(s);
        ensure(plain ? s.length() + 2 : s.length() * 6 + 2);
        buf[len++] = '"';
        if (plain) {
            raw(s);
        } else {
            escaped(s);
        }
        buf[len++] = '"';
        return this;
    }

    /** Whether {@code s} is ASCII that needs no escape (record keys, cursors): written as it is. */
    private static boolean plain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code s} escaped as inside a JSON string, without the quotes: a string written in parts
     * (a constant prefix prepared once, then what varies). Refuses unpaired surrogates.
     */
    public JsonText stringBody(String s) {
        return plain(s) ? raw(s) : escaped(s);
    }

    private JsonText escaped(String s) {
        int n = s.length();
        ensure(n * 6);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                escapeAscii(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new DataModelException("string has an unpaired UTF-16 surrogate at index " + i + " (not valid Unicode)");
                }
                unicodeEscape(c);
                unicodeEscape(s.charAt(++i));
            } else {
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return this;
    }

    /**
     * The {@code n} bytes of valid UTF-8 at {@code off} as a quoted, escaped JSON string (the
     * caller has checked them). As Jackson does, a character beyond U+FFFF goes out as its
     * UTF-16 surrogate pair in backslash-u escapes; all other non-ASCII bytes verbatim.
     */
    JsonText utf8String(byte[] src, int off, int n) {
        ensure(n * 6 + 2);
        buf[len++] = '"';
        for (int i = off, end = off + n; i < end; i++) {
            byte b = src[i];
            if (b >= 0) {
                escapeAscii(b);
            } else if ((b & 0xf8) == 0xf0) {
                int cp = ((b & 0x07) << 18) | ((src[i + 1] & 0x3f) << 12) | ((src[i + 2] & 0x3f) << 6) | (src[i + 3] & 0x3f);
                unicodeEscape(Character.highSurrogate(cp));
                unicodeEscape(Character.lowSurrogate(cp));
                i += 3;
            } else {
                buf[len++] = b;
            }
        }
        buf[len++] = '"';
        return this;
    }

    /** A CID's string form ({@code b} + base32 of its {@code n} bytes at {@code off}), quoted. */
    JsonText cidString(byte[] src, int off, int n) {
        ensure((n * 8 + 4) / 5 + 3);
        buf[len++] = '"';
        buf[len++] = 'b';
        len = Base32.encodeTo(src, off, n, buf, len);
        buf[len++] = '"';
        return this;
    }

    /** {@code cid}'s string form, quoted. */
    public JsonText cid(Cid cid) {
        byte[] bytes = cid.toBytes();
        return cidString(bytes, 0, bytes.length);
    }

    /** Standard base64 without padding, quoted: the data model's {@code $bytes} form. */
    JsonText base64String(byte[] src, int off, int n) {
        byte[] encoded = java.util.Base64.getEncoder().withoutPadding()
                .encode(off == 0 && n == src.length ? src : Arrays.copyOfRange(src, off, off + n));
        ensure(encoded.length + 2);
        buf[len++] = '"';
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
        buf[len++] = '"';
        return this;
    }

    private void escapeAscii(int c) {
        byte e = ESCAPES[c];
        if (e == 0) {
            buf[len++] = (byte) c;
        } else if (e > 0) {
            buf[len++] = '\\';
            buf[len++] = e;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(int c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 15];
        buf[len++] = HEX[(c >> 8) & 15];
        buf[len++] = HEX[(c >> 4) & 15];
        buf[len++] = HEX[c & 15];
    }

    private void ensure(int more) {
        if (buf.length - len < more) {
            long want = Math.max((long) buf.length * 2, (long) len + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new DataModelException("JSON text over 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
