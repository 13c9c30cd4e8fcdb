package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.server.AppContext;
import dev.pds.server.account.InviteStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code com.atproto.server.createInviteCodes} (admin): {@code codeCount} codes for each of
 * {@code forAccounts} (or for "admin"), all written in one durable batch.
 */
public final class CreateInviteCodes implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createInviteCodes";

    private final AppContext context;

    public CreateInviteCodes(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ADMIN;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        int useCount = InviteStore.checkUseCount(in.path("useCount").asLong());
        long codeCount = in.path("codeCount").asLong(1);
        List<String> accounts = new ArrayList<>();
        if (in.has("forAccounts")) {
            in.get("forAccounts").forEach(a -> accounts.add(a.asText()));
        } else {
            accounts.add("admin");
        }
        if (codeCount < 1 || codeCount * Math.max(1, accounts.size()) > InviteStore.MAX_CODES_PER_CALL) {
            throw XrpcException.invalidRequest("codeCount must be at least 1, and at most "
                    + InviteStore.MAX_CODES_PER_CALL + " codes may be made at once");
        }
        Instant now = context.clock().instant();
        TableWrites writes = TableWrites.create();
        ObjectNode out = XrpcJson.object();
        ArrayNode list = out.putArray("codes");
        for (String account : accounts) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < codeCount; i++) {
                codes.add(InviteStore.newCode(context.config().hostname()));
            }
            writes.addAll(context.invites().create(codes, account, useCount, now));
            ObjectNode entry = list.addObject().put("account", account);
            codes.forEach(entry.putArray("codes")::add);
        }
        context.store().writeTables(writes, List.of()).join();
        return XrpcResponse.json(out);
    }
}
