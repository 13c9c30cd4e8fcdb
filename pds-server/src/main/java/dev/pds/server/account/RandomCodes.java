package dev.pds.server.account;

import java.security.SecureRandom;

/**
 * Random codes people type or paste (invite codes, app passwords): lower-case base32
 * characters, as the reference PDS makes them, 5 random bits each.
 */
public final class RandomCodes {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomCodes() {
    }

    /** {@code groups} groups of {@code groupLength} characters joined by dashes. */
    public static String groups(int groups, int groupLength) {
        StringBuilder out = new StringBuilder(groups * (groupLength + 1));
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                out.append('-');
            }
            for (int i = 0; i < groupLength; i++) {
                out.append(BASE32[RANDOM.nextInt(BASE32.length)]);
            }
        }
        return out.toString();
    }
}
