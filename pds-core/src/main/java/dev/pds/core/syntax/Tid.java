package dev.pds.core.syntax;

import java.time.Instant;

/**
 * A timestamp identifier (atproto.com/specs/tid): a 64-bit integer written as 13 characters of
 * base32-sortable ({@code 234567abcdefghijklmnopqrstuvwxyz}), big-endian, so string order is
 * numeric order. Layout: top bit 0, 53 bits of microseconds since the Unix epoch, 10 bits of
 * clock id. The syntax (first character one of {@code 234567abcdefghij}) is what the spec and
 * the interop fixtures accept; TIDs we create always have the top bit clear.
 */
public final class Tid implements Comparable<Tid> {
    public static final int LENGTH = 13;
    public static final long MAX_MICROS = (1L << 53) - 1;
    public static final int MAX_CLOCK_ID = (1 << 10) - 1;

    static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DECODE[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    /** The bits as an unsigned 64-bit integer. */
    private final long bits;
    private final String text;

    private Tid(long bits, String text) {
        this.bits = bits;
        this.text = text;
    }

    public static Tid parse(String input) {
        String reason = check(input);
        if (reason != null) {
            throw SyntaxException.of("TID", reason);
        }
        long bits = 0;
        for (int i = 0; i < LENGTH; i++) {
            bits = (bits << 5) | DECODE[input.charAt(i)];
        }
        return new Tid(bits, input);
    }

    public static boolean isValid(String input) {
        return check(input) == null;
    }

    /** Returns why {@code s} is not a TID, or null when it is one. */
    static String check(String s) {
        if (s == null || s.length() != LENGTH) {
            return "must be exactly " + LENGTH + " characters";
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (c >= 128 || DECODE[c] < 0) {
                return "may only contain the characters " + ALPHABET;
            }
        }
        if (DECODE[s.charAt(0)] > 15) {
            return "first character must be one of 234567abcdefghij (top bit is 0)";
        }
        return null;
    }

    /** The TID for a timestamp and clock id; both must fit their bit fields. */
    public static Tid of(long timestampMicros, int clockId) {
        if (timestampMicros < 0 || timestampMicros > MAX_MICROS) {
            throw new IllegalArgumentException("TID timestamp out of range: " + timestampMicros);
        }
        if (clockId < 0 || clockId > MAX_CLOCK_ID) {
            throw new IllegalArgumentException("TID clock id out of range: " + clockId);
        }
        long bits = (timestampMicros << 10) | clockId;
        char[] out = new char[LENGTH];
        long rest = bits;
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (rest & 31));
            rest >>>= 5;
        }
        return new Tid(bits, new String(out));
    }

    /** Microseconds since the Unix epoch. */
    public long timestampMicros() {
        return bits >>> 10;
    }

    public int clockId() {
        return (int) (bits & MAX_CLOCK_ID);
    }

    public Instant toInstant() {
        long micros = timestampMicros();
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }

    /** Orders by time, then clock id: the same as string order. */
    @Override
    public int compareTo(Tid other) {
        return Long.compareUnsigned(bits, other.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tid && ((Tid) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    @Override
    public String toString() {
        return text;
    }
}
