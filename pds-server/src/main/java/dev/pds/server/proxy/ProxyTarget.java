package dev.pds.server.proxy;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;

/**
 * The service a call is forwarded to, as an {@code atproto-proxy} header names it: a DID and
 * the id of a service in its document ({@code did:web:api.bsky.app#bsky_appview}).
 */
public record ProxyTarget(String did, String serviceId) {
    /** The header's value, checked with the reference PDS's messages. */
    public static ProxyTarget parse(String header) {
        int hash = header.indexOf('#');
        if (hash == 0) {
            throw XrpcException.invalidRequest("no did specified in proxy header");
        }
        if (hash == -1 || hash == header.length() - 1) {
            throw XrpcException.invalidRequest("no service id specified in proxy header");
        }
        if (header.indexOf('#', hash + 1) != -1) {
            throw XrpcException.invalidRequest("invalid proxy header format");
        }
        if (header.contains(" ")) {
            throw XrpcException.invalidRequest("proxy header cannot contain spaces");
        }
        String did = header.substring(0, hash);
        if (!Did.isValid(did)) {
            throw XrpcException.invalidRequest("invalid proxy header format");
        }
        return new ProxyTarget(did, header.substring(hash + 1));
    }

    /** The {@code did#service} form OAuth rpc scopes name. */
    public String withFragment() {
        return did + "#" + serviceId;
    }
}
