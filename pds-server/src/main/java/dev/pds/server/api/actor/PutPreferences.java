package dev.pds.server.api.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.Credentials;
import dev.pds.server.preferences.Preferences;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.ArrayList;
import java.util.List;

/** {@code app.bsky.actor.putPreferences}: replaces the caller's app.bsky preferences; answers 200 without a body. */
public final class PutPreferences implements XrpcMethod {
    public static final String NSID = "app.bsky.actor.putPreferences";

    private final Preferences preferences;
    private final AccountStore accounts;
    private final String appViewAud;

    public PutPreferences(AppContext context) {
        this.preferences = new Preferences(context.store(), context.clock());
        this.accounts = context.accounts();
        this.appViewAud = GetPreferences.appViewAud(context);
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
        Account account = accounts.byDid(caller.requireDid())
                .orElseThrow(() -> new XrpcException(ErrorStatus.FORBIDDEN, "AccountNotFound", "Account not found"));
        if (account.status() == AccountStatus.TAKENDOWN || account.status() == AccountStatus.SUSPENDED) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        List<JsonNode> values = new ArrayList<>();
        request.json().get("preferences").forEach(values::add);
        preferences.replace(account.did(), values, GetPreferences.fullAccess(caller));
        return XrpcResponse.empty();
    }
}
