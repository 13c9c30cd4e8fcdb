package dev.pds.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Memory-hard password hashes (scrypt, from Bouncy Castle), stored as
 * {@code scrypt$N$r$p$salt$hash} with base64 salt and hash so the cost can rise later
 * without breaking old hashes. N=2^15, r=8, p=1 costs about 32 MiB and some tens of ms.
 */
public final class PasswordHasher {
    private static final int DEFAULT_N = 1 << 15;
    private static final int MIN_N = 1 << 10;
    private static final int R = 8;
    private static final int P = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Longer passwords are refused before hashing, so nobody can make us hash megabytes. */
    public static final int MAX_PASSWORD_CHARS = 256;

    private final SecureRandom random = new SecureRandom();
    private final int n;

    public PasswordHasher() {
        this(DEFAULT_N);
    }

    /**
     * A hasher of another scrypt cost N for new hashes (a power of two, 2^10 to 2^20): tests
     * that hash hundreds of times use a small one. Existing hashes verify with their own N.
     */
    public PasswordHasher(int costN) {
        if (costN < MIN_N || costN > 1 << 20 || Integer.bitCount(costN) != 1) {
            throw new IllegalArgumentException("scrypt N must be a power of two from 2^10 to 2^20, got " + costN);
        }
        this.n = costN;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return hash(password, salt);
    }

    /**
     * The hash with a salt the caller chooses: the same password and salt give the same
     * string, so that a stored hash can be found by computing it once (app passwords, whose
     * salt is derived from the account's DID). Only for high-entropy secrets.
     */
    public String hash(String password, byte[] salt) {
        byte[] hash = derive(password, salt, n, R, P, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "scrypt$" + n + "$" + R + "$" + P + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Constant-time comparison; false for malformed stored hashes too. */
    public boolean verify(String password, String stored) {
        if (password == null || password.length() > MAX_PASSWORD_CHARS) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !parts[0].equals("scrypt")) {
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            int r = Integer.parseInt(parts[2]);
            int p = Integer.parseInt(parts[3]);
            byte[] salt = Base64.getDecoder().decode(parts[4]);
            byte[] expected = Base64.getDecoder().decode(parts[5]);
            if (n > 1 << 20 || r > 32 || p > 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, n, r, p, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int n, int r, int p, int length) {
        return SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, n, r, p, length);
    }
}
