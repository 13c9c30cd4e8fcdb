package dev.pds.server.api.identity;

import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcService;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.identity.submitPlcOperation}: sends a signed PLC operation for the caller's
 * DID to the directory, once it is checked to keep the account served here (the reference's
 * checks and words): this server's rotation key among the rotation keys, this server as the
 * {@code atproto_pds} service, the account's signing key here as its {@code atproto} key, and
 * its handle first in {@code alsoKnownAs}. The directory checks the signature and the chain.
 * An {@code #identity} event follows, so relays read the new document.
 */
public final class SubmitPlcOperation implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.submitPlcOperation";

    private final AppContext context;

    public SubmitPlcOperation(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS_FULL;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = request.auth().requireDid();
        Account account = context.accounts().byDid(did)
                .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "user not found"));
        PlcOp parsed;
        try {
            parsed = PlcJson.readOp(request.json().get("operation"), true);
        } catch (XrpcException e) {
            throw XrpcException.invalidRequest("Invalid operation");
        }
        if (!(parsed instanceof PlcOperation op)) {
            throw XrpcException.invalidRequest("Invalid operation");
        }
        if (!op.rotationKeys().contains(context.plcRotationKey().didKey())) {
            throw XrpcException.invalidRequest("Rotation keys do not include server's rotation key");
        }
        PlcService pds = op.services().get(PlcService.ATPROTO_PDS_ID);
        if (pds == null || !PlcService.ATPROTO_PDS_TYPE.equals(pds.type())) {
            throw XrpcException.invalidRequest("Incorrect type on atproto_pds service");
        }
        if (!context.config().publicUrl().equals(pds.endpoint())) {
            throw XrpcException.invalidRequest("Incorrect endpoint on atproto_pds service");
        }
        if (!context.writer().signingKey(account).didKey().equals(op.verificationMethods().get(PlcOperation.ATPROTO_KEY_ID))) {
            throw XrpcException.invalidRequest("Incorrect signing key");
        }
        List<String> aka = op.alsoKnownAs();
        if (account.handle() != null && (aka.isEmpty() || !aka.get(0).equals("at://" + account.handle()))) {
            throw XrpcException.invalidRequest("Incorrect handle in alsoKnownAs");
        }
        context.plc().submit(did.toString(), op);
        context.store().logEvents(List.of(context.events().identity(did, Handle.parse(account.handle())))).join();
        return XrpcResponse.empty();
    }
}
