package dev.pds.server.auth;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Establishes who calls a method from its {@code Authorization} header, as the method's
 * {@link AuthRequirement} asks: Bearer session tokens (checked against a live session) or
 * Basic admin credentials. Error names and statuses follow the reference PDS, which clients
 * rely on (for instance, a 400 ExpiredToken makes them refresh the session).
 */
public final class AuthVerifier {
    private final SessionTokens tokens;
    private final SessionStore sessions;
    private final byte[] adminPassword;
    private final Clock clock;
    private final DpopCredentials oauth;
    private final ServiceJwtVerifier moderators;
    private final ServiceJwtVerifier users;

    public AuthVerifier(SessionTokens tokens, SessionStore sessions, String adminPassword, Clock clock) {
        this(tokens, sessions, adminPassword, clock, null, null, null);
    }

    /**
     * @param oauth      verifies {@code DPoP} (OAuth) credentials; null to refuse them
     * @param moderators verifies the moderation service's JWTs for {@link AuthRequirement#MODERATOR}
     *                   methods; null when no moderation service is configured
     * @param users      verifies accounts' own service JWTs for {@link AuthRequirement#ACCESS_OR_USER_SERVICE}
     *                   methods; null to take access tokens only
     */
    public AuthVerifier(SessionTokens tokens, SessionStore sessions, String adminPassword, Clock clock,
            DpopCredentials oauth, ServiceJwtVerifier moderators, ServiceJwtVerifier users) {
        this.oauth = oauth;
        this.moderators = moderators;
        this.users = users;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.adminPassword = adminPassword.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * As {@link #verify(AuthRequirement, Optional)}, with what OAuth credentials need besides
     * the Authorization header: {@code Authorization: DPoP} goes to the OAuth verifier.
     *
     * @param headers the request's headers by lower-case name
     */
    public Optional<Credentials> verify(AuthRequirement requirement, String httpMethod, String path,
            Map<String, List<String>> headers) {
        Optional<String> authorization = headers.getOrDefault("authorization", List.of()).stream().findFirst();
        String header = authorization.orElse("").trim();
        if (requirement != AuthRequirement.NONE && oauth != null && header.regionMatches(true, 0, "DPoP ", 0, 5)) {
            return Optional.of(oauth.verify(requirement, httpMethod, path, header.substring(5).trim(),
                    headers.getOrDefault("dpop", List.of())));
        }
        if (requirement == AuthRequirement.MODERATOR && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(moderator(header.substring(7).trim(), path));
        }
        if (requirement == AuthRequirement.ACCESS_OR_USER_SERVICE && users != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && hasLxm(header.substring(7).trim())) {
            return Optional.of(userService(header.substring(7).trim(), path));
        }
        return verify(requirement, authorization);
    }

    /** The reference's {@code isDefinitelyServiceAuth}: a JWT naming a method is a service JWT. */
    private static boolean hasLxm(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            return XrpcJson.parse(Base64.getUrlDecoder().decode(parts[1])).has("lxm");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** An account's own service JWT for the method at {@code path}: issued by a DID (no service), signed with its key. */
    private Credentials userService(String token, String path) {
        String iss = users.verify(token, method(path));
        if (iss.indexOf('#') >= 0) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "BadJwtIss", "jwt iss must be an account's DID");
        }
        return Credentials.userService(Did.parse(iss));
    }

    /**
     * @param authorization the Authorization header, if sent
     * @return the caller's credentials; empty only when none are required and none were sent
     */
    public Optional<Credentials> verify(AuthRequirement requirement, Optional<String> authorization) {
        return check(requirement, authorization, true);
    }

    /**
     * The part of {@link #verify(AuthRequirement, String, String, Map)} that needs no storage
     * and no proof: credentials present, of the right kind, genuine and unexpired. For refusing
     * an upload before its body is stored; the full check still runs before the method does.
     *
     * @throws XrpcException with the error the full check would give for these credentials
     */
    public void precheck(AuthRequirement requirement, String nsid, Map<String, List<String>> headers) {
        if (requirement == AuthRequirement.NONE || requirement.isOptional()) {
            return;
        }
        Optional<String> authorization = headers.getOrDefault("authorization", List.of()).stream().findFirst();
        String header = authorization.orElse("").trim();
        if (requirement == AuthRequirement.MODERATOR && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        if (requirement == AuthRequirement.ACCESS_OR_USER_SERVICE && users != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && hasLxm(header.substring(7).trim())) {
            // all but the signature, which needs the DID document, and is checked before the method runs
            users.precheck(header.substring(7).trim(), nsid);
            return;
        }
        if (oauth != null && header.regionMatches(true, 0, "DPoP ", 0, 5)) {
            oauth.precheck(requirement, header.substring(5).trim());
            return;
        }
        check(requirement, authorization, false);
    }

    private Optional<Credentials> check(AuthRequirement requirement, Optional<String> authorization, boolean withSession) {
        if (requirement == AuthRequirement.NONE) {
            return Optional.empty();
        }
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            if (requirement.isOptional()) {
                return Optional.empty();
            }
            if (requirement.isOperator()) {
                // the reference's admin check names no missing-credentials case of its own
                throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Authentication Required");
            }
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthMissing", "Authentication Required");
        }
        String header = authorization.get().trim();
        int space = header.indexOf(' ');
        String type = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (requirement.isOptional() && type.equalsIgnoreCase("Basic")) {
            return Optional.of(admin(value));
        }
        if (requirement.isOperator()) {
            if (!type.equalsIgnoreCase("Basic")) {
                throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Admin credentials required");
            }
            return Optional.of(admin(value));
        }
        if (!type.equalsIgnoreCase("Bearer") || value.isEmpty()) {
            throw XrpcException.badRequest("InvalidToken", "Unexpected authorization type");
        }
        return Optional.of(switch (requirement) {
            case REFRESH -> withSession ? refresh(value) : tokens.verifyRefresh(value);
            case REFRESH_EVEN_EXPIRED -> tokens.verifyRefreshAllowingExpired(value);
            default -> access(requirement, value, withSession);
        });
    }

    private Credentials access(AuthRequirement requirement, String token, boolean withSession) {
        Credentials c = tokens.verifyAccess(token);
        Optional<String> appPassword = Optional.empty();
        if (withSession) {
            SessionStore.Session session = sessions.session(c.sessionId())
                    .filter(s -> s.did().equals(c.did()))
                    .orElseThrow(AuthVerifier::revoked);
            appPassword = session.appPassword();
        }
        boolean allowed = switch (requirement) {
            case ACCESS, ACCESS_OR_USER_SERVICE, OPTIONAL -> c.scope() != AuthScope.TAKENDOWN;
            case OPTIONAL_EXPORT, ACCESS_EVEN_TAKENDOWN -> true;
            case ACCESS_PRIVILEGED -> c.scope() == AuthScope.ACCESS || c.scope() == AuthScope.APP_PASS_PRIVILEGED;
            case ACCESS_FULL -> c.scope() == AuthScope.ACCESS;
            default -> false;
        };
        if (!allowed) {
            throw SessionTokens.invalid("Bad token scope");
        }
        return new Credentials(c.did(), c.scope(), c.sessionId(), null, appPassword);
    }

    private Credentials refresh(String token) {
        Credentials c = tokens.verifyRefresh(token);
        sessions.liveRefreshToken(c.tokenId(), c.sessionId(), c.did(), clock.instant()).orElseThrow(AuthVerifier::revoked);
        SessionStore.Session session = sessions.session(c.sessionId()).orElseThrow(AuthVerifier::revoked);
        return new Credentials(c.did(), c.scope(), c.sessionId(), c.tokenId(), session.appPassword());
    }

    /**
     * A genuine token of an ended session, or a used refresh token past its grace. The
     * reference answers ExpiredToken for such refresh tokens; we answer the same for access
     * tokens (which it cannot revoke), so that official clients try a refresh, fail, and
     * treat the session as over instead of retrying it.
     */
    private static XrpcException revoked() {
        return XrpcException.badRequest("ExpiredToken", "Token has been revoked");
    }

    /**
     * The moderation service's JWT for the method at {@code path}: issued by its DID (or its
     * {@code #atproto_labeler} service), for us, for that method, signed with the key of its DID
     * document. 401 UntrustedIss when no moderation service is configured or another DID signed it.
     */
    private Credentials moderator(String token, String path) {
        if (moderators == null) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "UntrustedIss", "Untrusted issuer");
        }
        moderators.verify(token, method(path));
        return Credentials.admin();
    }

    private static String method(String path) {
        return path.startsWith("/xrpc/") ? path.substring("/xrpc/".length()) : path;
    }

    private Credentials admin(String basic) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        byte[] password = (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
        if (colon < 0 || !decoded.substring(0, colon).equals("admin") || !MessageDigest.isEqual(password, adminPassword)) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Invalid admin credentials");
        }
        return Credentials.admin();
    }
}
