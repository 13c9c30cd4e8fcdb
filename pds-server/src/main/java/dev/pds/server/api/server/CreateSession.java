package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AppPasswordStore;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.SessionStore;
import dev.pds.server.ratelimit.LoginAttempts;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code com.atproto.server.createSession}: log in with a handle, email or DID and the
 * account password or one of its app passwords (the session then has the app password's
 * scope). A wrong password and an unknown identifier give the same answer, after the same
 * work, so the answer does not tell whether an account exists.
 */
public final class CreateSession implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createSession";
    /** Longer passwords are refused before any lookup, as the reference does. */
    static final int MAX_LOGIN_PASSWORD_CHARS = 512;
    /** Whose app passwords an unknown account's login tries: nobody's. */
    private static final Did DECOY_DID = Did.parse("did:plc:decoydecoydecoydecoydeco");
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

    /** The reference's login limits, per identifier and address. */
    @Override
    public List<RouteLimit> rateLimits() {
        Function<XrpcRequest, String> key = r -> LoginAttempts.key(r.json().path("identifier").asText(""), r.clientIp());
        return List.of(new RouteLimit(RateLimits.LOGIN_DAY, key, r -> 1), new RouteLimit(RateLimits.LOGIN_5_MIN, key, r -> 1));
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        String identifier = in.path("identifier").asText("").trim();
        String password = in.path("password").asText("");
        if (password.length() > MAX_LOGIN_PASSWORD_CHARS) {
            throw failed("Password too long. Consider resetting your password.");
        }
        Optional<Account> found = context.accounts().find(identifier);
        boolean accountPassword = context.passwords().verify(password, found.map(Account::passwordHash).orElse(decoyHash));
        Optional<AppPasswordStore.AppPassword> appPassword = Optional.empty();
        if (!accountPassword) {
            // tried for unknown accounts too, so that both failures cost the same two hashes
            appPassword = context.appPasswords().match(found.map(Account::did).orElse(DECOY_DID), password);
        }
        if (found.isEmpty() || (!accountPassword && appPassword.isEmpty())) {
            throw failed("Invalid identifier or password");
        }
        Account account = found.get();
        boolean takendown = account.status() == AccountStatus.TAKENDOWN;
        if (takendown && !accountPassword) {
            // as in the reference, a taken-down account cannot log in with an app password
            throw failed("Invalid identifier or password");
        }
        if (takendown && !in.path("allowTakendown").asBoolean(false)) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        Instant now = context.clock().instant();
        SessionStore.Started session;
        if (accountPassword) {
            session = context.sessions().start(account.did(), takendown ? AuthScope.TAKENDOWN : AuthScope.ACCESS,
                    Optional.empty(), context.tokens(), now);
            context.store().writeTables(session.writes(), List.of()).join();
        } else {
            session = context.appPasswords().startSession(account.did(), appPassword.get(), context.tokens(), now)
                    .orElseThrow(() -> failed("Invalid identifier or password"));
        }

        ObjectNode out = XrpcJson.object();
        out.put("accessJwt", session.tokens().accessJwt());
        out.put("refreshJwt", session.tokens().refreshJwt());
        SessionViews.putAccount(out, account);
        SessionViews.didDoc(context, account.did()).ifPresent(doc -> out.set("didDoc", doc));
        return XrpcResponse.json(out);
    }

    private static XrpcException failed(String message) {
        return new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", message);
    }
}
