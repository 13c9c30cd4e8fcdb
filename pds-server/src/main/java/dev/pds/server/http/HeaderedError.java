package dev.pds.server.http;

import java.util.Map;

/**
 * Implemented by an {@link dev.pds.core.error.XrpcException} whose HTTP answer needs headers
 * besides the error body, such as {@code WWW-Authenticate} for a refused DPoP proof.
 */
public interface HeaderedError {
    Map<String, String> responseHeaders();
}
