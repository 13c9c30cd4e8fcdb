package dev.pds.crypto;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, the {@code z} multibase used by did:key. Inputs here are
 * short (a did:key is under 60 characters), so the quadratic textbook algorithm is fine; the
 * length limit keeps it that way for untrusted input.
 */
public final class Base58btc {
    /** Longest text accepted by {@link #decode}; far above any key encoding. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    private static final char[] ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58btc() {
    }

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        // base-256 digits converted to base-58 digits, least significant last
        byte[] digits = new byte[input.length * 138 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xff;
            int j = 0;
            for (int k = digits.length - 1; (carry != 0 || j < length) && k >= 0; k--, j++) {
                carry += 256 * (digits[k] & 0xff);
                digits[k] = (byte) (carry % 58);
                carry /= 58;
            }
            length = j;
        }
        StringBuilder out = new StringBuilder(zeros + length);
        for (int i = 0; i < zeros; i++) {
            out.append('1');
        }
        for (int i = digits.length - length; i < digits.length; i++) {
            out.append(ALPHABET[digits[i]]);
        }
        return out.toString();
    }

    public static byte[] decode(String input) {
        if (input.length() > MAX_ENCODED_LENGTH) {
            throw new CryptoException("base58 text longer than " + MAX_ENCODED_LENGTH + " characters");
        }
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] bytes = new byte[input.length() * 733 / 1000 + 1];
        int length = 0;
        for (int i = zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int carry = c < 128 ? INDEXES[c] : -1;
            if (carry < 0) {
                throw new CryptoException("invalid base58 character at position " + i);
            }
            int j = 0;
            for (int k = bytes.length - 1; (carry != 0 || j < length) && k >= 0; k--, j++) {
                carry += 58 * (bytes[k] & 0xff);
                bytes[k] = (byte) carry;
                carry >>>= 8;
            }
            length = j;
        }
        byte[] out = new byte[zeros + length];
        System.arraycopy(bytes, bytes.length - length, out, zeros, length);
        return out;
    }
}
