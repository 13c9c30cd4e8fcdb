package dev.pds.server.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcService;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code com.atproto.identity.signPlcOperation}: with the mailed code, signs with this server's
 * rotation key the next PLC operation of the caller's DID: the last operation with the fields
 * given replaced (rotation keys, handles, verification methods, services), as the reference
 * does. It is answered, not sent: the account's new server checks and submits it
 * (submitPlcOperation), which is how an account moves away from here.
 */
public final class SignPlcOperation implements XrpcMethod {
    public static final String NSID = "com.atproto.identity.signPlcOperation";

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
        PlcOperation base = PlcOperation.following(last);
        PlcOperation next = new PlcOperation(
                in.has("rotationKeys") ? strings(in.get("rotationKeys")) : base.rotationKeys(),
                in.has("verificationMethods") ? methods(in.get("verificationMethods")) : base.verificationMethods(),
                in.has("alsoKnownAs") ? strings(in.get("alsoKnownAs")) : base.alsoKnownAs(),
                in.has("services") ? services(in.get("services")) : base.services(),
                base.prev(), null);
        PlcOperation signed = PlcSignatures.sign(next, context.plcRotationKey());
        ObjectNode out = XrpcJson.object();
        out.set("operation", XrpcJson.parse(signed.toJson().getBytes(StandardCharsets.UTF_8)));
        return XrpcResponse.json(out);
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            throw XrpcException.invalidRequest("expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> {
            if (!v.isTextual()) {
                throw XrpcException.invalidRequest("expected an array of strings");
            }
            out.add(v.asText());
        });
        return out;
    }

    private static Map<String, String> methods(JsonNode object) {
        if (!object.isObject()) {
            throw XrpcException.invalidRequest("verificationMethods must be an object of did:key strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw XrpcException.invalidRequest("verificationMethods must be an object of did:key strings");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static Map<String, PlcService> services(JsonNode object) {
        if (!object.isObject()) {
            throw XrpcException.invalidRequest("services must be an object of {type, endpoint}");
        }
        Map<String, PlcService> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if (!s.path("type").isTextual() || !s.path("endpoint").isTextual()) {
                throw XrpcException.invalidRequest("services must be an object of {type, endpoint}");
            }
            out.put(e.getKey(), new PlcService(s.get("type").asText(), s.get("endpoint").asText()));
        });
        return out;
    }
}
