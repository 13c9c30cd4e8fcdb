package dev.pds.server.auth;

import dev.pds.core.syntax.Did;
import dev.pds.server.oauth.scope.Permissions;
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
 * @param permissions what the caller may do: every method asks it (see {@link Permissions})
 */
public record Credentials(Did did, AuthScope scope, String sessionId, String tokenId, Optional<String> appPassword,
        Permissions permissions) {
    public Credentials {
        Objects.requireNonNull(appPassword, "appPassword");
        Objects.requireNonNull(permissions, "permissions");
    }

    /** Password-session credentials, with the permissions of their scope. */
    public Credentials(Did did, AuthScope scope, String sessionId, String tokenId, Optional<String> appPassword) {
        this(did, scope, sessionId, tokenId, appPassword, sessionPermissions(scope));
    }

    /** An account's own service JWT, good for the one method it names. */
    public static Credentials userService(Did did) {
        return new Credentials(did, AuthScope.USER_SERVICE, null, null, Optional.empty());
    }

    public static Credentials admin() {
        return new Credentials(null, null, null, null, Optional.empty());
    }

    /** Whether these came from an OAuth access token (rather than a password session). */
    public boolean isOAuth() {
        return scope == AuthScope.OAUTH;
    }

    private static Permissions sessionPermissions(AuthScope scope) {
        if (scope == AuthScope.APP_PASS) {
            return Permissions.APP_PASSWORD;
        }
        if (scope == AuthScope.APP_PASS_PRIVILEGED) {
            return Permissions.APP_PASSWORD_PRIVILEGED;
        }
        if (scope == AuthScope.OAUTH) {
            throw new IllegalArgumentException("OAuth credentials carry the permissions of their token's scopes");
        }
        // a user's service JWT is bound to one method by its lxm, checked before these are made
        return Permissions.FULL;
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
