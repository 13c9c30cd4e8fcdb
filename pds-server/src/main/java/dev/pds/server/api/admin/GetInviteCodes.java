package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.InvitePages;
import dev.pds.server.account.InviteStore;
import dev.pds.server.api.server.InviteViews;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.admin.getInviteCodes} (moderator): every code on the server with its uses,
 * the most recent ({@code sort=recent}, the default) or the most used ({@code sort=usage})
 * first, a page at a time ({@link InvitePages}).
 */
public final class GetInviteCodes extends AdminMethod {
    public static final String NSID = "com.atproto.admin.getInviteCodes";

    private final InvitePages pages;

    public GetInviteCodes(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
        this.pages = new InvitePages(context.store(), context.invites());
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        String sort = request.params().string("sort").orElse("recent");
        if (!sort.equals("recent") && !sort.equals("usage")) {
            throw XrpcException.invalidRequest("unknown sort method: " + sort);
        }
        // the lexicon checked 1..500 and filled in the default
        int limit = request.params().integer("limit").orElse(100L).intValue();
        InvitePages.Page page = pages.page(sort.equals("usage"), limit, request.params().string("cursor").orElse(null));
        ObjectNode out = XrpcJson.object();
        page.cursor().ifPresent(c -> out.put("cursor", c));
        ArrayNode codes = out.putArray("codes");
        for (InviteStore.InviteCode c : page.codes()) {
            InviteViews.add(codes, c);
        }
        return XrpcResponse.json(out);
    }
}
