package dev.pds.server.oauth.scope;

import java.util.List;
import java.util.Objects;

/**
 * The permissions of an OAuth token: its granular permissions (permission sets already
 * expanded into them), plus the transitional scopes with the meanings the OAuth spec gives:
 * {@code transition:generic} is an app password's reach (records, blobs, any method but
 * chat.bsky, no account or identity changes), {@code transition:chat.bsky} adds the chat
 * methods, {@code transition:email} lets the email be read. Nothing without {@code atproto}.
 */
public final class ScopePermissions implements Permissions {
    private final Scopes scopes;
    private final List<Permission> granted;

    public ScopePermissions(Scopes scopes) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.granted = scopes.has(Scopes.ATPROTO) ? scopes.permissions() : List.of();
    }

    public Scopes scopes() {
        return scopes;
    }

    private boolean generic() {
        return scopes.has(Scopes.ATPROTO) && scopes.has(Scopes.TRANSITION_GENERIC);
    }

    @Override
    public boolean allowsRepo(String action, String collection) {
        return generic() || granted.stream().anyMatch(p -> p instanceof RepoPermission
                && ((RepoPermission) p).matches(action, collection));
    }

    @Override
    public boolean allowsBlob(String mime) {
        return generic() || granted.stream().anyMatch(p -> p instanceof BlobPermission && ((BlobPermission) p).matches(mime));
    }

    @Override
    public boolean allowsRpc(String lxm, String aud) {
        boolean chat = lxm.startsWith("chat.bsky.");
        if (generic() && (lxm.equals("*") || !chat)) {
            return true;
        }
        if (chat && scopes.has(Scopes.ATPROTO) && scopes.has(Scopes.TRANSITION_CHAT)) {
            return true;
        }
        return granted.stream().anyMatch(p -> p instanceof RpcPermission && ((RpcPermission) p).matches(lxm, aud));
    }

    @Override
    public boolean allowsAccount(String attr, String action) {
        if (attr.equals("email") && action.equals("read") && scopes.has(Scopes.ATPROTO)
                && scopes.has(Scopes.TRANSITION_EMAIL)) {
            return true;
        }
        return granted.stream().anyMatch(p -> p instanceof AccountPermission
                && ((AccountPermission) p).matches(attr, action));
    }

    @Override
    public boolean allowsIdentity(String attr) {
        return granted.stream().anyMatch(p -> p instanceof IdentityPermission && ((IdentityPermission) p).matches(attr));
    }
}
