package dev.pds.server.auth;

import java.util.Optional;

/** The {@code scope} claim of legacy session tokens, with the reference PDS's values. */
public enum AuthScope {
    ACCESS("com.atproto.access"),
    APP_PASS("com.atproto.appPass"),
    APP_PASS_PRIVILEGED("com.atproto.appPassPrivileged"),
    REFRESH("com.atproto.refresh"),
    TAKENDOWN("com.atproto.takendown"),
    /** OAuth access tokens: their permissions come from their scopes; never a claim of a session token. */
    OAUTH("oauth"),
    /** A service JWT the account signed for one method ({@link AuthRequirement#ACCESS_OR_USER_SERVICE}); never a claim. */
    USER_SERVICE("user_service_auth");

    private final String claim;

    AuthScope(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    public static Optional<AuthScope> ofClaim(String claim) {
        for (AuthScope s : values()) {
            if (s != OAUTH && s != USER_SERVICE && s.claim.equals(claim)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
