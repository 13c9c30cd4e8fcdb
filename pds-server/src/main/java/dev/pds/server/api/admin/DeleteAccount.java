package dev.pds.server.api.admin;

import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.api.server.AccountDeletion;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.deleteAccount}: the operator deletes an account and everything
 * stored for it (see {@link AccountDeletion}). Deleting an account that is not here answers
 * success, as the reference does, so an operator can retry; a retry also removes blob files
 * and firehose events a crash left behind.
 */
public final class DeleteAccount extends AdminMethod {
    public static final String NSID = "com.atproto.admin.deleteAccount";

    private final AccountDeletion deletion;

    public DeleteAccount(AppContext context, Firehose firehose) {
        super(context, NSID);
        this.deletion = new AccountDeletion(context, firehose);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        deletion.delete(Did.parse(request.json().path("did").asText()), account -> TableWrites.create());
        return XrpcResponse.empty();
    }
}
