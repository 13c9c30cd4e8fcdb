package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.SessionStore;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.server.createSession}: log in with a handle, email or DID and the
 * account password. A wrong password and an unknown identifier give the same answer, after
 * the same work, so the answer does not tell whether an account exists.
 */
public final class CreateSession implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createSession";
    /** Hashed when the account is unknown, so that both failures cost one scrypt. */
    private final String decoyHash;
    private final AppContext context;

    public CreateSession(AppContext context) {
        this.context = context;
        this.decoyHash = context.passwords().hash("decoy password of no account");
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        String identifier = in.path("identifier").asText("").trim();
        String password = in.path("password").asText("");
        Optional<Account> found = context.accounts().find(identifier);
        boolean ok = context.passwords().verify(password, found.map(Account::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !ok) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired",
                    "Invalid identifier or password");
        }
        Account account = found.get();
        if (account.status() == AccountStatus.TAKENDOWN && !in.path("allowTakendown").asBoolean(false)) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        AuthScope scope = account.status() == AccountStatus.TAKENDOWN ? AuthScope.TAKENDOWN : AuthScope.ACCESS;
        SessionStore.Started session = context.sessions().start(account.did(), scope, Optional.empty(), context.tokens(),
                context.clock().instant());
        context.store().writeTables(session.writes(), java.util.List.of()).join();

        ObjectNode out = XrpcJson.object();
        out.put("accessJwt", session.tokens().accessJwt());
        out.put("refreshJwt", session.tokens().refreshJwt());
        SessionViews.putAccount(out, account);
        SessionViews.didDoc(context.plc(), account.did()).ifPresent(doc -> out.set("didDoc", doc));
        return XrpcResponse.json(out);
    }
}
