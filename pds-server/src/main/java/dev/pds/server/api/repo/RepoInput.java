package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.lexicon.ValidateMode;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcRequest;
import java.util.List;
import java.util.function.ToIntFunction;

/** Fields of the record methods' JSON input, which the method's lexicon has already checked. */
final class RepoInput {
    private RepoInput() {
    }

    static String text(JsonNode input, String name) {
        JsonNode v = input.get(name);
        if (v == null || !v.isTextual()) {
            throw XrpcException.invalidRequest("Input must have the property \"" + name + "\"");
        }
        return v.textValue();
    }

    /** The field's text, or null when it is absent or null. */
    static String optionalText(JsonNode input, String name) {
        JsonNode v = input.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code validate}: true, false or absent. */
    static ValidateMode validate(JsonNode input) {
        JsonNode v = input.get("validate");
        return ValidateMode.of(v == null || v.isNull() ? null : v.asBoolean());
    }

    /** A CID field, or null when it is absent or null. */
    static Cid cid(JsonNode input, String name) {
        String text = optionalText(input, name);
        if (text == null) {
            return null;
        }
        try {
            return Cid.parse(text);
        } catch (RuntimeException e) {
            throw XrpcException.invalidRequest("Input/" + name + " must be a cid");
        }
    }

    /** What a write costs of the account's repo-write budgets, as on the reference. */
    static final int CREATE_COST = 3;
    static final int UPDATE_COST = 2;
    static final int DELETE_COST = 1;

    /** The account's shared repo-write budgets (hour and day), each call costing {@code points}. */
    static List<RouteLimit> writeLimits(ToIntFunction<XrpcRequest> points) {
        return List.of(RouteLimit.perAccount(RateLimits.REPO_WRITE_HOUR, points), RouteLimit.perAccount(RateLimits.REPO_WRITE_DAY, points));
    }
}
