package dev.pds.server.ratelimit;

import dev.pds.core.error.XrpcException;
import dev.pds.server.http.HeaderedError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A method's error answer with the rate-limit status of the call that failed: the reference
 * sets its {@code RateLimit-*} headers before the method runs, so its errors carry them too.
 */
public final class CountedError extends XrpcException implements HeaderedError {
    private final transient Map<String, String> headers;

    public CountedError(XrpcException error, RateLimitStatus counted) {
        super(error.status(), error.error(), error.getMessage(), error);
        Map<String, String> all = new LinkedHashMap<>(counted.headers());
        if (error instanceof HeaderedError own) {
            all.putAll(own.responseHeaders());
        }
        this.headers = Map.copyOf(all);
    }

    @Override
    public Map<String, String> responseHeaders() {
        return headers;
    }
}
