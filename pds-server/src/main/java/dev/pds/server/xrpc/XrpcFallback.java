package dev.pds.server.xrpc;

import java.util.List;
import java.util.Map;

/**
 * Answers calls to methods this server does not implement, as the reference PDS does by
 * forwarding them to another service (service proxying). Runs on a worker thread.
 */
public interface XrpcFallback {
    /** Whether this call would be forwarded; if not, the dispatcher answers MethodNotImplemented. */
    boolean takes(String nsid, Map<String, List<String>> headers);

    /** Whether a call to a method this server has is forwarded all the same (another app view's preferences). */
    default boolean claims(String nsid, Map<String, List<String>> headers) {
        return false;
    }

    /**
     * @param query   the decoded query parameters, in their order
     * @param headers lower-case header names
     */
    XrpcResponse call(String httpMethod, String nsid, Map<String, List<String>> query, Map<String, List<String>> headers,
            RequestBody body) throws Exception;
}
