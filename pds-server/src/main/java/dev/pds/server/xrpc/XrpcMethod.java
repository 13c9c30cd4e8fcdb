package dev.pds.server.xrpc;

import dev.pds.server.auth.AuthRequirement;
import java.util.List;

/**
 * One XRPC method. Each implementation is a class named after its method (for example
 * {@code com.atproto.server.describeServer} is {@code api.server.DescribeServer}) and is
 * registered in {@code dev.pds.server.api.PdsMethods}. Its lexicon, found by {@link #nsid()},
 * says whether it is a query or a procedure and declares its parameters; the router checks all
 * that before {@link #handle} runs.
 *
 * <p>{@link #handle} runs on a worker thread, never on a Netty event loop, so it may block on
 * storage. Client errors are thrown as {@link dev.pds.core.error.XrpcException}; anything else
 * becomes a 500 with a generic message.
 */
public interface XrpcMethod {
    String nsid();

    /** What the caller must present; checked before {@link #handle} runs. */
    default AuthRequirement auth() {
        return AuthRequirement.NONE;
    }

    /**
     * Above 0, this method's body is streamed to a temporary file instead of being collected in
     * memory, and may be up to this many bytes (413 PayloadTooLarge beyond, checked from
     * Content-Length before reading and again while reading). Only for methods whose input is
     * not JSON (blob uploads, repo imports); 0 for everything else.
     */
    default long maxStreamedBodyBytes() {
        return 0;
    }

    /**
     * The rate limits this method's calls count against when rate limits are on
     * ({@code PDS_RATE_LIMITS_ENABLED}), besides the global one per IP address; checked after
     * authentication and input validation, before {@link #handle}.
     */
    default List<RouteLimit> rateLimits() {
        return List.of();
    }

    XrpcResponse handle(XrpcRequest request) throws Exception;
}
