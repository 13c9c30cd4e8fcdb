package dev.pds.server.oauth.resource;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.http.HeaderedError;
import dev.pds.server.oauth.OAuthException;
import java.util.Map;

/**
 * An OAuth refusal on an XRPC call: the XRPC error body with the OAuth error code as its name
 * (as the reference PDS answers, e.g. {@code use_dpop_nonce}), the status, and the
 * {@code WWW-Authenticate} challenge that OAuth clients read to retry or refresh.
 */
final class OAuthXrpcException extends XrpcException implements HeaderedError {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> headers;

    private OAuthXrpcException(ErrorStatus status, String error, String message, Map<String, String> headers) {
        super(status, error, message);
        this.headers = Map.copyOf(headers);
    }

    static OAuthXrpcException of(OAuthException e) {
        OAuthException rs = e.forResourceServer();
        ErrorStatus status = switch (rs.status()) {
            case 401 -> ErrorStatus.AUTHENTICATION_REQUIRED;
            case 403 -> ErrorStatus.FORBIDDEN;
            case 503 -> ErrorStatus.NOT_ENOUGH_RESOURCES;
            default -> ErrorStatus.BAD_REQUEST;
        };
        return new OAuthXrpcException(status, rs.error(), rs.description(), rs.challengeHeaders());
    }

    @Override
    public Map<String, String> responseHeaders() {
        return headers;
    }
}
