package dev.pds.server.api.admin;

import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.api.identity.HandleChange;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.updateAccountHandle} (admin): the account's new handle, checked and
 * published as the user's own updateHandle does ({@link HandleChange}), except that the
 * operator may give a reserved name under a service domain, as on the reference.
 */
public final class UpdateAccountHandle extends AdminMethod {
    public static final String NSID = "com.atproto.admin.updateAccountHandle";

    private final HandleChange change;

    public UpdateAccountHandle(AppContext context) {
        super(context, NSID);
        this.change = new HandleChange(context);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        change.apply(Did.parse(request.json().path("did").asText()), request.json().path("handle").asText(""), true);
        return XrpcResponse.empty();
    }
}
