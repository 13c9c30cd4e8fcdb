package dev.pds.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Legacy password sessions in the {@link Table#AUTH} table. A session lives until it is
 * deleted or its refresh token expires; its access tokens are checked against it on every
 * call, so revoking a session revokes them too.
 *
 * <p>Keys: {@code s\0<sessionId>} -> session JSON; {@code S\0<did>\0<sessionId>} -> empty
 * (the account's sessions, to revoke them all); {@code r\0<refreshId>} -> refresh token JSON.
 */
public final class SessionStore {
    private static final String SESSION = "s\0";
    private static final String BY_DID = "S\0";
    private static final String REFRESH = "r\0";

    private final RepoStore store;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A session: who, through which app password (if any), with what scope. */
    public record Session(String id, Did did, AuthScope scope, Optional<String> appPassword, Instant createdAt) {
    }

    /** A refresh token: its session, expiry, and the token that replaced it (after a refresh). */
    public record RefreshToken(String id, String sessionId, Did did, Instant expiresAt, Optional<String> nextId) {
    }

    /** 32 random bytes, base64url: session and refresh token ids. */
    public String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new session's tokens and the writes that make it exist. */
    public record Started(SessionTokens.Pair tokens, TableWrites writes) {
    }

    /** Starts a session: its record, its first refresh token, and the token pair to hand out. */
    public Started start(Did did, AuthScope scope, Optional<String> appPassword, SessionTokens tokens, Instant now) {
        String sessionId = newId();
        String refreshId = newId();
        SessionTokens.Pair pair = tokens.issue(did, scope, sessionId, refreshId);
        TableWrites writes = putSession(new Session(sessionId, did, scope, appPassword, now))
                .addAll(putRefreshToken(new RefreshToken(refreshId, sessionId, did, pair.refreshExpiresAt(), Optional.empty())));
        return new Started(pair, writes);
    }

    public Optional<Session> session(String id) {
        return store.get(Table.AUTH, key(SESSION + id)).map(b -> decodeSession(id, b));
    }

    public Optional<RefreshToken> refreshToken(String id) {
        return store.get(Table.AUTH, key(REFRESH + id)).map(b -> decodeRefresh(id, b));
    }

    /** Ids of the account's sessions. */
    public List<String> sessionIds(Did did) {
        byte[] prefix = key(BY_DID + did + "\0");
        return store.scan(Table.AUTH, prefix, null, 100_000, false).stream()
                .map(TableEntry::keyString).map(k -> k.substring(prefix.length)).toList();
    }

    public TableWrites putSession(Session s) {
        ObjectNode o = XrpcJson.object();
        o.put("did", s.did().toString());
        o.put("scope", s.scope().name());
        s.appPassword().ifPresent(n -> o.put("appPassword", n));
        o.put("createdAt", s.createdAt().toString());
        return TableWrites.create()
                .put(Table.AUTH, key(SESSION + s.id()), XrpcJson.write(o))
                .put(Table.AUTH, key(BY_DID + s.did() + "\0" + s.id()), new byte[0]);
    }

    public TableWrites putRefreshToken(RefreshToken t) {
        ObjectNode o = XrpcJson.object();
        o.put("did", t.did().toString());
        o.put("session", t.sessionId());
        o.put("expiresAt", t.expiresAt().toString());
        t.nextId().ifPresent(n -> o.put("nextId", n));
        return TableWrites.create().put(Table.AUTH, key(REFRESH + t.id()), XrpcJson.write(o));
    }

    public TableWrites deleteRefreshToken(String id) {
        return TableWrites.create().delete(Table.AUTH, key(REFRESH + id));
    }

    /** Removes a session; its refresh tokens are then refused because their session is gone. */
    public TableWrites deleteSession(Session s) {
        return TableWrites.create()
                .delete(Table.AUTH, key(SESSION + s.id()))
                .delete(Table.AUTH, key(BY_DID + s.did() + "\0" + s.id()));
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Session decodeSession(String id, byte[] bytes) {
        JsonNode o = XrpcJson.parse(bytes);
        return new Session(id, Did.parse(o.get("did").asText()), AuthScope.valueOf(o.get("scope").asText()),
                Optional.ofNullable(o.get("appPassword")).map(JsonNode::asText), Instant.parse(o.get("createdAt").asText()));
    }

    private static RefreshToken decodeRefresh(String id, byte[] bytes) {
        JsonNode o = XrpcJson.parse(bytes);
        return new RefreshToken(id, o.get("session").asText(), Did.parse(o.get("did").asText()),
                Instant.parse(o.get("expiresAt").asText()), Optional.ofNullable(o.get("nextId")).map(JsonNode::asText));
    }
}
