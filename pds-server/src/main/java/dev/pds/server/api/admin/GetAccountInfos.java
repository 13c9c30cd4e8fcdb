package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code com.atproto.admin.getAccountInfos} (admin): {@link GetAccountInfo} for several DIDs; those not hosted here are left out. */
public final class GetAccountInfos extends AdminMethod {
    public static final String NSID = "com.atproto.admin.getAccountInfos";

    public GetAccountInfos(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        ObjectNode out = XrpcJson.object();
        ArrayNode infos = out.putArray("infos");
        for (Object did : request.params().list("dids")) {
            context.accounts().byDid(Did.parse(did.toString())).ifPresent(a -> infos.add(GetAccountInfo.view(context.accounts(), context.invites(), a)));
        }
        return XrpcResponse.json(out);
    }
}
