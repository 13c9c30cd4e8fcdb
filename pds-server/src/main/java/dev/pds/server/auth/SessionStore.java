package dev.pds.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.cache.DecodedCache;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Legacy password sessions in the {@link Table#AUTH} table. A session lives until it is
 * deleted or its refresh tokens expire; its access tokens are checked against it on every
 * call, so revoking a session revokes them too. Refresh tokens are single-use: a refresh
 * replaces the token by the next one of the same session (see {@link #rotate}).
 *
 * <p>Keys: {@code s\0<sessionId>} -> session JSON; {@code S\0<did>\0<sessionId>} -> empty
 * (the account's sessions, to revoke them); {@code r\0<refreshId>} -> refresh token JSON;
 * {@code R\0<sessionId>\0<refreshId>} -> empty (a session's refresh tokens, to delete them
 * with it and to tidy the used ones).
 */
public final class SessionStore {
    /**
     * How long a used refresh token still answers, with the same next token: a client that
     * lost the answer to its refresh (or refreshed twice at once) keeps its session. The
     * reference PDS's value.
     */
    public static final Duration REFRESH_GRACE = Duration.ofHours(2);
    /** Most sessions or refresh tokens read in one scan; far above what one account has. */
    private static final int SCAN_LIMIT = 10_000;
    private static final String SESSION = "s\0";
    private static final String BY_DID = "S\0";
    private static final String REFRESH = "r\0";
    private static final String BY_SESSION = "R\0";

    private final RepoStore store;
    private final SecureRandom random = new SecureRandom();
    /** Sessions as last decoded, reused for identical rows (every authenticated call reads its session). */
    private final DecodedCache<String, Session> decoded = new DecodedCache<>(4_096);
    /** Changes to one session (refresh, revocation) are serialized by these, picked by session id. */
    private final Object[] sessionLocks = new Object[64];

    public SessionStore(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
        for (int i = 0; i < sessionLocks.length; i++) {
            sessionLocks[i] = new Object();
        }
    }

    /** A session: who, through which app password (if any), with what scope. */
    public record Session(String id, Did did, AuthScope scope, Optional<String> appPassword, Instant createdAt) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(appPassword, "appPassword");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** A refresh token: its session, expiry, and the token that replaced it (after a refresh). */
    public record RefreshToken(String id, String sessionId, Did did, Instant expiresAt, Optional<String> nextId) {
        public boolean expired(Instant now) {
            return !expiresAt.isAfter(now);
        }
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
        return store.getUsuallyPresent(Table.AUTH, key(SESSION + id)).map(b -> decoded.decode(id, b, row -> decodeSession(id, row)));
    }

    public Optional<RefreshToken> refreshToken(String id) {
        return store.get(Table.AUTH, key(REFRESH + id)).map(b -> decodeRefresh(id, b));
    }

    /** The refresh token {@code tokenId} when it still counts: stored, unexpired, of a live session. */
    public Optional<RefreshToken> liveRefreshToken(String tokenId, String sessionId, Did did, Instant now) {
        return refreshToken(tokenId)
                .filter(t -> t.sessionId().equals(sessionId) && t.did().equals(did) && !t.expired(now))
                .filter(t -> session(t.sessionId()).isPresent());
    }

    /** Ids of the account's sessions. */
    public List<String> sessionIds(Did did) {
        byte[] prefix = key(BY_DID + did + "\0");
        return store.scan(Table.AUTH, prefix, null, SCAN_LIMIT, false).stream()
                .map(TableEntry::keyString).map(k -> k.substring(prefix.length)).toList();
    }

    /** A refreshed session: the new token pair and the session it continues. */
    public record Rotated(SessionTokens.Pair tokens, Session session) {
    }

    /**
     * Uses refresh token {@code tokenId} of session {@code sessionId}: answers the next pair of
     * tokens of the same session, durably. The used token keeps answering, with the same next
     * token, for {@link #REFRESH_GRACE} (or until its own expiry, if sooner); after that, or
     * once the session is revoked, the answer is empty.
     */
    public Optional<Rotated> rotate(String tokenId, String sessionId, Did did, SessionTokens tokens, Instant now) {
        synchronized (lockOf(sessionId)) {
            Optional<RefreshToken> found = liveRefreshToken(tokenId, sessionId, did, now);
            Optional<Session> session = session(sessionId);
            if (found.isEmpty() || session.isEmpty()) {
                return Optional.empty();
            }
            RefreshToken used = found.get();
            Instant graceEnd = now.plus(REFRESH_GRACE);
            Instant usedExpires = graceEnd.isBefore(used.expiresAt()) ? graceEnd : used.expiresAt();
            // a token used again within its grace gives the same next token, so retries converge on one chain
            String nextId = used.nextId().orElseGet(this::newId);
            SessionTokens.Pair pair = tokens.issue(did, session.get().scope(), sessionId, nextId);
            TableWrites writes = TableWrites.create();
            tidyExpiredTokens(sessionId, now, writes);
            writes.addAll(putRefreshToken(new RefreshToken(tokenId, sessionId, did, usedExpires, Optional.of(nextId))));
            if (refreshToken(nextId).isEmpty()) {
                writes.addAll(putRefreshToken(new RefreshToken(nextId, sessionId, did, pair.refreshExpiresAt(), Optional.empty())));
            }
            store.writeTables(writes, List.of()).join();
            return Optional.of(new Rotated(pair, session.get()));
        }
    }

    /** Ends a session and all its tokens, durably; false when it was already gone. */
    public boolean revoke(String sessionId) {
        synchronized (lockOf(sessionId)) {
            Optional<Session> session = session(sessionId);
            if (session.isEmpty()) {
                return false;
            }
            store.writeTables(deleteSession(session.get()), List.of()).join();
            return true;
        }
    }

    /** Ends, durably, the account's sessions that match {@code which}; returns how many. */
    public int revokeWhere(Did did, Predicate<Session> which) {
        int revoked = 0;
        for (String id : sessionIds(did)) {
            if (session(id).filter(s -> s.did().equals(did)).filter(which).isPresent() && revoke(id)) {
                revoked++;
            }
        }
        return revoked;
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
        return TableWrites.create()
                .put(Table.AUTH, key(REFRESH + t.id()), XrpcJson.write(o))
                .put(Table.AUTH, key(BY_SESSION + t.sessionId() + "\0" + t.id()), new byte[0]);
    }

    /** The writes that remove every session of an account with their refresh tokens (account deletion). */
    public TableWrites forgetAccount(Did did) {
        TableWrites w = TableWrites.create();
        for (String id : sessionIds(did)) {
            session(id).ifPresent(s -> w.addAll(deleteSession(s)));
        }
        return w.deletePrefix(Table.AUTH, key(BY_DID + did + "\0"));
    }

    /** The writes that remove a session with its refresh tokens. */
    public TableWrites deleteSession(Session s) {
        TableWrites w = TableWrites.create()
                .delete(Table.AUTH, key(SESSION + s.id()))
                .delete(Table.AUTH, key(BY_DID + s.did() + "\0" + s.id()));
        for (String refreshId : refreshIds(s.id())) {
            deleteRefreshToken(s.id(), refreshId, w);
        }
        return w;
    }

    private void tidyExpiredTokens(String sessionId, Instant now, TableWrites writes) {
        for (String refreshId : refreshIds(sessionId)) {
            Optional<RefreshToken> t = refreshToken(refreshId);
            if (t.isEmpty() || t.get().expired(now)) {
                deleteRefreshToken(sessionId, refreshId, writes);
            }
        }
    }

    private List<String> refreshIds(String sessionId) {
        byte[] prefix = key(BY_SESSION + sessionId + "\0");
        List<String> ids = new ArrayList<>();
        for (TableEntry e : store.scan(Table.AUTH, prefix, null, SCAN_LIMIT, false)) {
            ids.add(e.keyString().substring(prefix.length));
        }
        return ids;
    }

    private static void deleteRefreshToken(String sessionId, String refreshId, TableWrites w) {
        w.delete(Table.AUTH, key(REFRESH + refreshId)).delete(Table.AUTH, key(BY_SESSION + sessionId + "\0" + refreshId));
    }

    private Object lockOf(String sessionId) {
        return sessionLocks[Math.floorMod(sessionId.hashCode(), sessionLocks.length)];
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
