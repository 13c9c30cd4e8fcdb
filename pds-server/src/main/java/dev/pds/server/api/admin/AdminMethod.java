package dev.pds.server.api.admin;

import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.api.server.AccountDeletion;
import dev.pds.server.xrpc.XrpcMethod;

/**
 * An operator's method: the admin password by HTTP Basic auth; for the methods the reference
 * also opens to a moderation service ({@link AuthRequirement#MODERATOR}), that service's JWT too.
 */
abstract class AdminMethod implements XrpcMethod {
    protected final AppContext context;
    private final String nsid;
    private final AuthRequirement auth;

    AdminMethod(AppContext context, String nsid) {
        this(context, nsid, AuthRequirement.ADMIN);
    }

    AdminMethod(AppContext context, String nsid, AuthRequirement auth) {
        this.context = context;
        this.nsid = nsid;
        this.auth = auth;
    }

    @Override
    public final String nsid() {
        return nsid;
    }

    /** The writes that end all of an account's logins: password sessions (access tokens too) and OAuth grants. */
    protected TableWrites endLogins(Did did) {
        return AccountDeletion.endLogins(context, did);
    }

    @Override
    public final AuthRequirement auth() {
        return auth;
    }
}
