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
import dev.pds.server.identity.DidDocuments;
import dev.pds.server.account.PasswordHasher;
import dev.pds.core.error.ErrorStatus;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.ServiceJwtVerifier;
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
 *
 * <p>With {@code did}, an existing account moving here: the caller proves it controls the DID
 * with a service-auth JWT for this method, issued by the DID and signed with the key its
 * document names (its old server makes one with getServiceAuth). The account starts
 * deactivated, with a new signing key and an empty repo, and nothing goes to the directory or
 * the firehose; the move then imports the repo, uploads the blobs, points the DID here
 * (getRecommendedDidCredentials, submitPlcOperation) and activates the account.
 */
public final class CreateAccount implements XrpcMethod {
    public static final String NSID = "com.atproto.server.createAccount";

    private final AppContext context;
    private final HandleRules handles;
    private final ServiceJwtVerifier serviceJwts;

    public CreateAccount(AppContext context) {
        this.context = context;
        this.handles = new HandleRules(context.config().serviceHandleDomains());
        this.serviceJwts = new ServiceJwtVerifier(context.config().serviceDid(), did -> signingKey(context, did),
                context.clock());
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
        Did movingDid = in.hasNonNull("did") ? movingDid(request, text(in, "did")) : null;
        String password = text(in, "password");
        if (password == null || password.isEmpty()) {
            throw XrpcException.invalidRequest("Password is required");
        }
        if (password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw XrpcException.invalidRequest("Password too long. Maximum length is " + PasswordHasher.MAX_PASSWORD_CHARS
                    + " characters.");
        }
        String inviteCode = text(in, "inviteCode");
        if (context.config().invites().required() && (inviteCode == null || inviteCode.isEmpty())) {
            throw XrpcException.badRequest("InvalidInviteCode", "No invite code provided");
        }
        String email = EmailAddress.checked(text(in, "email"));
        String handle = handles.forNewAccount(text(in, "handle"));
        if (movingDid != null) {
            return moveHere(movingDid, handle, email, password, inviteCode);
        }
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

            return answer(open(did, handle, email, passwordHash, signingKey, AccountStatus.ACTIVE, invite),
                    PlcState.of(did.toString(), genesis).toDidDocument());
        }
    }

    /**
     * Writes the account, its first session and the use of its invite code with its repo's first
     * commit, in one durable batch; an active account's creation is announced on the firehose.
     */
    private Opened open(Did did, String handle, String email, String passwordHash, Keypair signingKey,
            AccountStatus status, InviteStore.Reservation invite) {
        Instant now = context.clock().instant();
        Account account = new Account(did, handle, email, false, passwordHash, signingKey.privateKeyHex(), now, status);
        SessionStore.Started session = context.sessions().start(did, AuthScope.ACCESS, Optional.empty(),
                context.tokens(), now);
        TableWrites writes = context.accounts().insert(account).addAll(session.writes());
        if (invite != null) {
            writes.addAll(invite.use(did, now));
        }
        if (status == AccountStatus.ACTIVE) {
            context.writer().createRepo(account, commit -> writes);
        } else {
            context.writer().createRepoQuietly(account, commit -> writes);
        }
        return new Opened(account, session);
    }

    private record Opened(Account account, SessionStore.Started session) {
    }

    private static XrpcResponse answer(Opened opened, JsonNode didDoc) {
        ObjectNode out = XrpcJson.object();
        out.put("handle", opened.account().handle());
        out.put("did", opened.account().did().toString());
        if (didDoc != null) {
            out.set("didDoc", didDoc);
        }
        out.put("accessJwt", opened.session().tokens().accessJwt());
        out.put("refreshJwt", opened.session().tokens().refreshJwt());
        return XrpcResponse.json(out);
    }

    /** The DID the caller brings, once its service auth proves the caller controls it (401 otherwise). */
    private Did movingDid(XrpcRequest request, String did) {
        String issuer = ServiceJwtVerifier.bearer(request.header("authorization"))
                .map(token -> serviceJwts.verify(token, NSID)).orElse(null);
        if (!did.equals(issuer)) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired",
                    "Missing auth to create account with did: " + did);
        }
        if (!did.startsWith("did:plc:") && !did.startsWith("did:web:")) {
            throw XrpcException.invalidRequest("Only did:plc and did:web accounts can move to this server");
        }
        Did parsed = Did.parse(did);
        if (context.accounts().byDid(parsed).isPresent()) {
            throw XrpcException.invalidRequest("An account with this DID already exists here: " + did);
        }
        return parsed;
    }

    /** The account of a DID moving here: deactivated, with a new key and an empty repo, announced nowhere yet. */
    private XrpcResponse moveHere(Did did, String handle, String email, String password, String inviteCode) {
        boolean invited = inviteCode != null && !inviteCode.isEmpty();
        try (InviteStore.Reservation invite = invited ? context.invites().reserve(inviteCode) : null;
                AccountStore.Claim claim = context.accounts().claim(handle, email)) {
            Opened opened = open(did, handle, email, context.passwords().hash(password), Keypair.generate(Curve.K256),
                    AccountStatus.DEACTIVATED, invite);
            // it names the old server until the move is done: left out (see SessionViews.didDoc)
            return answer(opened, SessionViews.didDoc(context, did).orElse(null));
        }
    }

    /** The did:key of a DID's #atproto key, read afresh: a did:plc's from the directory, a did:web's from its host. */
    private static Optional<String> signingKey(AppContext context, String did) {
        if (did.startsWith("did:web:")) {
            return context.didDocuments().resolveFresh(did).flatMap(doc -> DidDocuments.verificationKey(doc, "atproto"));
        }
        if (!did.startsWith("did:plc:")) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(context.plc().getData(did).atprotoSigningKey());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
