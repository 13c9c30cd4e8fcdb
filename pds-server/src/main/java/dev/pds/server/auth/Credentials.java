package dev.pds.server.auth;

import dev.pds.core.syntax.Did;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as established from a verified token.
 *
 * @param did         the account (null for the admin)
 * @param scope       the token's scope (null for the admin)
 * @param sessionId   the session the token belongs to, for revocation
 * @param tokenId     the refresh token's id (refresh tokens only)
 * @param appPassword the app password's name when the session came from one
 */
public record Credentials(Did did, AuthScope scope, String sessionId, String tokenId, Optional<String> appPassword) {
    public Credentials {
        Objects.requireNonNull(appPassword, "appPassword");
    }

    public static Credentials admin() {
        return new Credentials(null, null, null, null, Optional.empty());
    }

    public boolean isAdmin() {
        return did == null;
    }

    /** The caller's DID; callers of methods that require an account may rely on it. */
    public Did requireDid() {
        if (did == null) {
            throw new IllegalStateException("no account in these credentials");
        }
        return did;
    }
}
