package dev.pds.server.auth;

import java.util.List;

/**
 * Verifies OAuth credentials, {@code Authorization: DPoP <token>} with a {@code DPoP} proof
 * header; implemented by the OAuth resource-server side ({@code dev.pds.server.oauth}), so that
 * this package needs nothing of OAuth but this.
 */
public interface DpopCredentials {
    /**
     * @param httpMethod the request's method, for the proof's htm
     * @param path       the request's path, for the proof's htu (the public origin is the verifier's)
     * @param token      the access token
     * @param proofs     the values of the DPoP header
     * @return the caller, with the permissions of the token's scopes
     */
    Credentials verify(AuthRequirement requirement, String httpMethod, String path, String token, List<String> proofs);

    /**
     * Only what needs no storage and no proof: the token is ours, unexpired, and of use for
     * this requirement (see {@link AuthVerifier#precheck}).
     *
     * @throws dev.pds.core.error.XrpcException as {@link #verify} would for such a token
     */
    void precheck(AuthRequirement requirement, String token);
}
