package dev.pds.server.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers (request ids, codes, token ids, refresh tokens, device ids). */
public final class OAuthIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OAuthIds() {
    }

    /** {@code bytes} random bytes, base64url without padding. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
