package dev.pds.server.api.admin;

import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;

/** An operator's method: the admin password by HTTP Basic auth, nothing else. */
abstract class AdminMethod implements XrpcMethod {
    protected final AppContext context;

    AdminMethod(AppContext context) {
        this.context = context;
    }

    @Override
    public final AuthRequirement auth() {
        return AuthRequirement.ADMIN;
    }
}
