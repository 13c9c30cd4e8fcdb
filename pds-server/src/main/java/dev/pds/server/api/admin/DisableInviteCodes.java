package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code com.atproto.admin.disableInviteCodes} (moderator): the codes named, and every code given
 * to the accounts named, stop working, in one write. The admin's own codes cannot be disabled by
 * account ({@code "admin"}), as on the reference.
 */
public final class DisableInviteCodes extends AdminMethod {
    public static final String NSID = "com.atproto.admin.disableInviteCodes";
    /** Most codes and accounts named in one call. */
    static final int MAX_NAMED = 10_000;

    public DisableInviteCodes(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        List<String> codes = strings(in.path("codes"));
        List<String> accounts = strings(in.path("accounts"));
        if (accounts.contains("admin")) {
            throw XrpcException.invalidRequest("cannot disable admin invite codes");
        }
        if (codes.size() + accounts.size() > MAX_NAMED) {
            throw XrpcException.invalidRequest("at most " + MAX_NAMED + " codes and accounts at once");
        }
        List<String> all = new ArrayList<>(codes);
        accounts.forEach(a -> all.addAll(context.invites().codesOf(a)));
        TableWrites writes = context.invites().disable(all);
        context.store().writeTables(writes, List.of()).join();
        return XrpcResponse.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
