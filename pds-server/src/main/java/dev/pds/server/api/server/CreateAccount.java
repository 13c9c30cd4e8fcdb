package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcState;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.Keypair;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.EmailAddress;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.HandleRules;
import dev.pds.server.account.InviteStore;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.SessionStore;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code com.atproto.server.createAccount}: a new account with a fresh K-256 signing key, a
 * did:plc created through the directory (rotation key: the PDS's, after the user's recovery
 * key if given), the repo's first commit, the account, its first session and the use of its
 * invite code, the last four written in one durable batch.
 */
public final class CreateAccount implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createAccount";
    /** A pragmatic check; the address is confirmed by mail, not by pattern. */

    private final AppContext context;
    private final HandleRules handles;

    public CreateAccount(AppContext context) {
        this.context = context;
        this.handles = new HandleRules(context.config().serviceHandleDomains());
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.SIGN_UP));
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        if (in.hasNonNull("plcOp")) {
            throw XrpcException.invalidRequest("Unsupported input: \"plcOp\"");
        }
        if (in.hasNonNull("did")) {
            throw XrpcException.invalidRequest("Creating an account for an existing DID (migration) is not supported yet");
        }
        String password = text(in, "password");
        if (password == null || password.isEmpty()) {
            throw XrpcException.invalidRequest("Password is required");
        }
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw XrpcException.invalidRequest("Password too long. Maximum length is " + PasswordHasher.MAX_PASSWORD_CHARS
                    + " characters.");
        }
        String inviteCode = text(in, "inviteCode");
        if (context.config().inviteRequired() && (inviteCode == null || inviteCode.isEmpty())) {
            throw XrpcException.badRequest("InvalidInviteCode", "No invite code provided");
        }
        String email = EmailAddress.checked(text(in, "email"));
        String handle = handles.forNewAccount(text(in, "handle"));
        List<String> rotationKeys = new ArrayList<>();
        String recoveryKey = text(in, "recoveryKey");
        if (recoveryKey != null) {
            try {
                DidKey.parse(recoveryKey);
            } catch (RuntimeException e) {
                throw XrpcException.invalidRequest("recoveryKey must be a did:key");
            }
            rotationKeys.add(recoveryKey);
        }
        rotationKeys.add(context.plcRotationKey().didKey());
        // as in the reference, a code given is checked and used even when none is required
        boolean invited = inviteCode != null && !inviteCode.isEmpty();
        try (InviteStore.Reservation invite = invited ? context.invites().reserve(inviteCode) : null;
                AccountStore.Claim claim = context.accounts().claim(handle, email)) {
            Keypair signingKey = Keypair.generate(Curve.K256);
            PlcOperation genesis = PlcSignatures.sign(
                    PlcOperation.atprotoGenesis(signingKey.didKey(), handle, context.config().publicUrl(), rotationKeys),
                    context.plcRotationKey());
            Did did = PlcDids.didFor(genesis);
            String passwordHash = context.passwords().hash(password);
            // the directory first: an account here whose DID nobody can resolve would be worse than an unused DID there
            context.plc().submit(did.toString(), genesis);

            Instant now = context.clock().instant();
            Account account = new Account(did, handle, email, false, passwordHash, signingKey.privateKeyHex(), now,
                    AccountStatus.ACTIVE);
            SessionStore.Started session = context.sessions().start(did, AuthScope.ACCESS, Optional.empty(),
                    context.tokens(), now);
            TableWrites writes = context.accounts().insert(account).addAll(session.writes());
            if (invite != null) {
                writes.addAll(invite.use(did, now));
            }
            context.writer().createRepo(account, commit -> writes);

            ObjectNode out = XrpcJson.object();
            out.put("handle", handle);
            out.put("did", did.toString());
            out.set("didDoc", PlcState.of(did.toString(), genesis).toDidDocument());
            out.put("accessJwt", session.tokens().accessJwt());
            out.put("refreshJwt", session.tokens().refreshJwt());
            return XrpcResponse.json(out);
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
