package dev.pds.server.oauth.scope;

/**
 * The permissions of legacy password sessions and app passwords, expressed in the same terms
 * as OAuth scopes: everything the method's auth requirement let through, except the
 * {@code chat.bsky} methods for app passwords without the DM privilege.
 */
final class SessionPermissions implements Permissions {
    private final boolean chat;

    SessionPermissions(boolean chat) {
        this.chat = chat;
    }

    @Override
    public boolean allowsRepo(String action, String collection) {
        return true;
    }

    @Override
    public boolean allowsBlob(String mime) {
        return true;
    }

    @Override
    public boolean allowsRpc(String lxm, String aud) {
        return chat || !lxm.startsWith("chat.bsky.");
    }

    @Override
    public boolean allowsAccount(String attr, String action) {
        return true;
    }

    @Override
    public boolean allowsIdentity(String attr) {
        return true;
    }
}
