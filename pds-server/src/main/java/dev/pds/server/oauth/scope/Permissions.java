package dev.pds.server.oauth.scope;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/**
 * What a caller may do, asked the same way by every method whatever the credentials: an OAuth
 * token's scopes, a password session, an app password. A method asks for the one thing it is
 * about to do; a refusal is a 403 {@code ScopeMissingError} naming the scope that would allow it
 * (the reference PDS's error name and message).
 */
public interface Permissions {
    /** @param action create, update or delete */
    boolean allowsRepo(String action, String collection);

    boolean allowsBlob(String mime);

    /** @param aud the service called, as {@code did#service_id}; @param lxm the method NSID */
    boolean allowsRpc(String lxm, String aud);

    /** @param attr email, repo or status; @param action read or manage */
    boolean allowsAccount(String attr, String action);

    /** @param attr handle, or * for the whole DID document */
    boolean allowsIdentity(String attr);

    default void assertRepo(String action, String collection) {
        if (!allowsRepo(action, collection)) {
            throw missing(RepoPermission.needed(action, collection));
        }
    }

    default void assertBlob(String mime) {
        if (!allowsBlob(mime)) {
            throw missing(BlobPermission.needed(mime));
        }
    }

    default void assertRpc(String lxm, String aud) {
        if (!allowsRpc(lxm, aud)) {
            throw missing(RpcPermission.needed(lxm, aud));
        }
    }

    default void assertAccount(String attr, String action) {
        if (!allowsAccount(attr, action)) {
            throw missing(AccountPermission.needed(attr, action));
        }
    }

    default void assertIdentity(String attr) {
        if (!allowsIdentity(attr)) {
            throw missing(IdentityPermission.needed(attr));
        }
    }

    static XrpcException missing(String scope) {
        return new XrpcException(ErrorStatus.FORBIDDEN, "ScopeMissingError", "Missing required scope \"" + scope + "\"");
    }

    /** A full password session: everything (the method's own auth requirement still applies). */
    Permissions FULL = new SessionPermissions(true);
    /** An ordinary app password: everything but the chat.bsky methods. */
    Permissions APP_PASSWORD = new SessionPermissions(false);
    /** A privileged app password: chat included. */
    Permissions APP_PASSWORD_PRIVILEGED = new SessionPermissions(true);
}
