package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.getSubjectStatus} (admin) for accounts: whether one is taken down
 * or deactivated. The takedown's {@code ref} is not kept here, so it is not answered. Record
 * and blob subjects are refused, as {@link UpdateSubjectStatus} refuses them.
 */
public final class GetSubjectStatus extends AdminMethod {
    public static final String NSID = "com.atproto.admin.getSubjectStatus";

    public GetSubjectStatus(AppContext context) {
        super(context, NSID);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        if (request.params().string("uri").isPresent() || request.params().string("blob").isPresent()) {
            throw XrpcException.invalidRequest("Only account subjects (did) are supported here");
        }
        Did did = Did.parse(request.params().string("did").orElseThrow(() -> XrpcException.invalidRequest("No provided subject")));
        Account account = context.accounts().byDid(did)
                .orElseThrow(() -> XrpcException.badRequest("NotFound", "Subject not found"));
        ObjectNode out = XrpcJson.object();
        ObjectNode subject = out.putObject("subject");
        subject.put("$type", UpdateSubjectStatus.REPO_REF);
        subject.put("did", did.toString());
        out.putObject("takedown").put("applied", account.status() == AccountStatus.TAKENDOWN);
        out.putObject("deactivated").put("applied", account.status() == AccountStatus.DEACTIVATED);
        return XrpcResponse.json(out);
    }
}
