package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.account.InviteStore;

/** The lexicon's {@code com.atproto.server.defs#inviteCode} view of a code, with its uses. */
public final class InviteViews {
    private InviteViews() {
    }

    /** Adds the view of {@code c} to {@code list}. */
    public static void add(ArrayNode list, InviteStore.InviteCode c) {
        list.add(view(c));
    }

    /** The view of {@code c}. */
    public static ObjectNode view(InviteStore.InviteCode c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode()
                .put("code", c.code())
                .put("available", c.available())
                .put("disabled", c.disabled())
                .put("forAccount", c.forAccount())
                .put("createdBy", c.createdBy())
                .put("createdAt", c.createdAt().toString());
        ArrayNode uses = o.putArray("uses");
        c.uses().forEach(u -> uses.addObject().put("usedBy", u.usedBy().toString()).put("usedAt", u.usedAt().toString()));
        return o;
    }
}
