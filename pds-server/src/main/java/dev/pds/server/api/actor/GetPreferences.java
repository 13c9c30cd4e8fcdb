package dev.pds.server.api.actor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.Credentials;
import dev.pds.server.preferences.Preferences;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code app.bsky.actor.getPreferences}: the caller's app.bsky preferences, kept on this PDS. */
public final class GetPreferences implements XrpcMethod {
    public static final String NSID = "app.bsky.actor.getPreferences";

    private final Preferences preferences;
    private final String appViewAud;

    public GetPreferences(AppContext context) {
        this.preferences = new Preferences(context.store(), context.clock());
        this.appViewAud = appViewAud(context);
    }

    /** The service these methods stand in for, as OAuth {@code rpc:} scopes name it. */
    static String appViewAud(AppContext context) {
        String did = context.config().proxy().appView().map(a -> a.did()).orElse(context.config().serviceDid());
        return did + "#bsky_appview";
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
        Credentials caller = request.auth();
        caller.permissions().assertRpc(NSID, appViewAud);
        ObjectNode out = XrpcJson.object();
        preferences.read(caller.requireDid(), fullAccess(caller)).forEach(out.putArray("preferences")::add);
        return XrpcResponse.json(out);
    }

    /** A session of the account password, not of an app password: it may see and set personal details. */
    static boolean fullAccess(Credentials caller) {
        return caller.scope() == AuthScope.ACCESS && caller.appPassword().isEmpty();
    }
}
