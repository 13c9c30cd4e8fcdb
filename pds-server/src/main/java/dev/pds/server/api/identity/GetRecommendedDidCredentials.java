package dev.pds.server.api.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcService;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.identity.getRecommendedDidCredentials}: what the DID document of an account
 * moving here should hold, as the reference answers it: the handle, the account's signing key
 * here, this server's rotation key and this server as the PDS. The old server signs a PLC
 * operation with these, which submitPlcOperation then checks and sends.
 */
public final class GetRecommendedDidCredentials implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.getRecommendedDidCredentials";

    private final AppContext context;

    public GetRecommendedDidCredentials(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Account account = context.accounts().byDid(request.auth().requireDid())
                .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "user not found"));
        ObjectNode out = XrpcJson.object();
        if (account.handle() != null) {
            out.putArray("alsoKnownAs").add("at://" + account.handle());
        }
        out.putObject("verificationMethods").put(PlcOperation.ATPROTO_KEY_ID,
                context.writer().signingKey(account).didKey());
        out.putArray("rotationKeys").add(context.plcRotationKey().didKey());
        out.putObject("services").putObject(PlcService.ATPROTO_PDS_ID)
                .put("type", PlcService.ATPROTO_PDS_TYPE)
                .put("endpoint", context.config().publicUrl());
        return XrpcResponse.json(out);
    }
}
