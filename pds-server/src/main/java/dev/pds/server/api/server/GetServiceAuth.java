package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.Credentials;
import dev.pds.server.proxy.ServiceAuthToken;
import dev.pds.server.proxy.ServiceMethods;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code com.atproto.server.getServiceAuth}: a service-auth JWT signed with the caller's repo
 * key, for the caller to present to another service itself (a video service's upload, a new
 * PDS during account migration). The same token the proxy attaches, with the reference's
 * rules, in its order: at most an hour to live, a minute when bound to no method, never for
 * account management, chat and account creation only with a full session or privileged app
 * password; a taken-down account's token is let in for account creation only, and then meets
 * the privilege check, as on the reference.
 */
public final class GetServiceAuth implements XrpcMethod {
    public static final String NSID = "com.atproto.server.getServiceAuth";
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    static final Duration MAX_METHODLESS_LIFETIME = Duration.ofMinutes(1);
    private static final Pattern DID_PLC = Pattern.compile("did:plc:[a-z2-7]{24}");
    // RFC 3986 fragment: unreserved, sub-delims, ":", "@", "/", "?" and percent-encoded octets
    private static final Pattern FRAGMENT = Pattern.compile("([A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})+");

    private final AppContext context;

    public GetServiceAuth(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS_EVEN_TAKENDOWN;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Credentials credentials = request.auth();
        String aud = request.params().string("aud").orElseThrow();
        String lxm = request.params().string("lxm").orElse(null);
        if (credentials.scope() == AuthScope.OAUTH) {
            // an OAuth app needs an rpc scope for it; session tokens meet the checks below instead
            credentials.permissions().assertRpc(lxm == null ? "*" : lxm, aud);
        }
        if (!isAtprotoAudience(aud)) {
            throw XrpcException.invalidRequest("aud must be a valid atproto DID or did#serviceId reference");
        }
        if (credentials.scope() == AuthScope.TAKENDOWN && !ServiceMethods.CREATE_ACCOUNT.equals(lxm)) {
            throw XrpcException.badRequest("InvalidToken", "Bad token scope");
        }
        // a taken-down account's token is not privileged either, as in the reference
        boolean privileged = credentials.scope() == AuthScope.ACCESS || credentials.scope() == AuthScope.APP_PASS_PRIVILEGED
                || credentials.scope() == AuthScope.OAUTH;
        if (lxm != null && ServiceMethods.isPrivileged(lxm) && !privileged) {
            throw XrpcException.invalidRequest("insufficient access to request a service auth token for the following method: " + lxm);
        }
        long now = context.clock().millis();
        long exp = request.params().integer("exp").orElse(0L);
        if (exp != 0) {
            long ahead = exp * 1000 - now;
            if (ahead < 0) {
                throw XrpcException.badRequest("BadExpiration", "expiration is in past");
            }
            if (ahead > MAX_LIFETIME.toMillis()) {
                throw XrpcException.badRequest("BadExpiration",
                        "cannot request a token with an expiration more than an hour in the future");
            }
            if (lxm == null && ahead > MAX_METHODLESS_LIFETIME.toMillis()) {
                throw XrpcException.badRequest("BadExpiration",
                        "cannot request a method-less token with an expiration more than a minute in the future");
            }
        } else {
            exp = now / 1000 + ServiceAuthToken.LIFETIME.toSeconds();
        }
        if (lxm != null && ServiceMethods.isProtected(lxm)) {
            throw XrpcException.invalidRequest("cannot request a service auth token for the following protected method: " + lxm);
        }
        Account account = context.accounts().byDid(credentials.requireDid())
                .orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
        ObjectNode out = XrpcJson.object();
        out.put("token", ServiceAuthToken.create(context.writer().signingKey(account), account.did().toString(), aud, lxm, exp, context.clock()));
        return XrpcResponse.json(out);
    }

    /** A did:plc or did:web (no path, no port but on localhost), optionally with a #fragment. */
    static boolean isAtprotoAudience(String aud) {
        int hash = aud.indexOf('#');
        String did = hash < 0 ? aud : aud.substring(0, hash);
        if (hash >= 0 && !FRAGMENT.matcher(aud.substring(hash + 1)).matches()) {
            return false;
        }
        if (!Did.isValid(did)) {
            return false;
        }
        if (did.startsWith("did:plc:")) {
            return DID_PLC.matcher(did).matches();
        }
        if (!did.startsWith("did:web:")) {
            return false;
        }
        String host = did.substring("did:web:".length());
        boolean localhost = host.equals("localhost") || host.startsWith("localhost%3A");
        return !host.contains(":") && (localhost || !host.contains("%3A"));
    }
}
