package dev.pds.server.proxy;

import java.util.Set;

/**
 * Which methods service auth may stand for, with the reference PDS's lists: account management
 * is never proxied nor service-authed (protected), and chat and account creation need more than
 * an ordinary app password (privileged).
 */
public final class ServiceMethods {
    /** The reference's PROTECTED_METHODS. */
    private static final Set<String> PROTECTED = Set.of(
            "com.atproto.admin.sendEmail", "com.atproto.identity.requestPlcOperationSignature",
            "com.atproto.identity.signPlcOperation", "com.atproto.identity.updateHandle",
            "com.atproto.server.activateAccount", "com.atproto.server.confirmEmail",
            "com.atproto.server.createAppPassword", "com.atproto.server.deactivateAccount",
            "com.atproto.server.getAccountInviteCodes", "com.atproto.server.getSession",
            "com.atproto.server.listAppPasswords", "com.atproto.server.requestAccountDelete",
            "com.atproto.server.requestEmailConfirmation", "com.atproto.server.requestEmailUpdate",
            "com.atproto.server.revokeAppPassword", "com.atproto.server.updateEmail");
    public static final String CREATE_ACCOUNT = "com.atproto.server.createAccount";

    private ServiceMethods() {
    }

    public static boolean isProtected(String nsid) {
        return PROTECTED.contains(nsid);
    }

    /** The reference's PRIVILEGED_METHODS: its chat methods and account creation. */
    public static boolean isPrivileged(String nsid) {
        return nsid.startsWith("chat.bsky.") || nsid.equals(CREATE_ACCOUNT);
    }
}
