package dev.pds.server.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcTombstone;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code com.atproto.identity.signPlcOperation}: with the mailed code, signs with this server's
 * rotation key the next PLC operation of the caller's DID: the last operation with the fields
 * given replaced (rotation keys, handles, verification methods, services), as the reference
 * does. It is answered, not sent: the account's new server checks and submits it
 * (submitPlcOperation), which is how an account moves away from here.
 */
public final class SignPlcOperation implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.signPlcOperation";

    /** The fields a caller may replace (the reference's). */
    private static final List<String> REPLACEABLE = List.of("rotationKeys", "alsoKnownAs", "verificationMethods", "services");

    private final AppContext context;

    public SignPlcOperation(AppContext context) {
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
        JsonNode in = request.json();
        String token = in.path("token").asText("");
        if (token.isEmpty()) {
            throw XrpcException.invalidRequest("email confirmation token required to sign PLC operations");
        }
        context.store().writeTables(context.emailTokens().redeem(did, EmailTokens.Purpose.PLC_OPERATION, token),
                List.of()).join();
        PlcOp last = context.plc().getLastOp(did.toString());
        if (last instanceof PlcTombstone) {
            throw XrpcException.invalidRequest("Did is tombstoned");
        }
        // the last operation's fields, those given replacing theirs, read back by the directory's own rules
        ObjectNode fields = (ObjectNode) XrpcJson.parse(PlcOperation.following(last).toJson().getBytes(StandardCharsets.UTF_8));
        for (String field : REPLACEABLE) {
            if (in.has(field)) {
                fields.set(field, in.get(field));
            }
        }
        PlcOperation next;
        try {
            next = (PlcOperation) PlcJson.readOp(fields, false);
        } catch (XrpcException e) {
            throw XrpcException.invalidRequest("Invalid operation: " + e.getMessage());
        }
        PlcOperation signed = PlcSignatures.sign(next, context.plcRotationKey());
        ObjectNode out = XrpcJson.object();
        out.set("operation", XrpcJson.parse(signed.toJson().getBytes(StandardCharsets.UTF_8)));
        return XrpcResponse.json(out);
    }
}
