package dev.pds.server.oauth.request;

import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthIds;
import dev.pds.server.oauth.StateSweep;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pending authorization requests in {@link Table#OAUTH}.
 *
 * <p>Keys: {@code q\0<requestId>} -> request JSON ({@link PendingRequest});
 * {@code k\0<code>} -> requestId (the code's request, until exchanged);
 * {@code x\0<code_challenge>} -> expiry (a PKCE challenge is used once in 24 hours).
 */
public final class RequestStore {
    public static final String URI_PREFIX = "urn:ietf:params:oauth:request_uri:req-";
    /** How long a pushed request lives, and how long it may then wait between two steps in the browser. */
    public static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);
    /** How long an authorization code may wait for its exchange. */
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration CHALLENGE_MEMORY = Duration.ofDays(1);
    private static final String REQUEST = "q\0";
    private static final String CODE = "k\0";
    private static final String CHALLENGE = "x\0";

    private final RepoStore store;
    private final Clock clock;

    public RequestStore(RepoStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores a new request; invalid_request if its PKCE challenge was used in the last day. */
    public synchronized PendingRequest create(AuthorizationRequest request) {
        Instant now = clock.instant();
        byte[] challengeKey = key(CHALLENGE + request.codeChallenge());
        Optional<byte[]> seen = store.get(Table.OAUTH, challengeKey);
        if (seen.isPresent() && Instant.parse(new String(seen.get(), StandardCharsets.UTF_8)).isAfter(now)) {
            throw OAuthException.invalidRequest("code_challenge was already used; make a new one for every request");
        }
        PendingRequest pending = new PendingRequest(OAuthIds.random(16), request, now, now.plus(REQUEST_LIFETIME),
                Optional.empty(), Optional.empty(), Optional.empty());
        write(put(pending).put(Table.OAUTH, challengeKey,
                now.plus(CHALLENGE_MEMORY).toString().getBytes(StandardCharsets.UTF_8)));
        return pending;
    }

    /** The live request a request_uri names; invalid_request when unknown or expired. */
    public PendingRequest get(String requestUri) {
        if (requestUri == null || !requestUri.startsWith(URI_PREFIX) || requestUri.length() > URI_PREFIX.length() + 64) {
            throw OAuthException.invalidRequest("Invalid request_uri");
        }
        String id = requestUri.substring(URI_PREFIX.length());
        PendingRequest p = store.get(Table.OAUTH, key(REQUEST + id)).map(b -> PendingRequest.fromJson(id, XrpcJson.parse(b)))
                .orElseThrow(() -> OAuthException.invalidRequest("Unknown or already used request_uri"));
        if (!p.expiresAt().isAfter(clock.instant())) {
            delete(p);
            throw OAuthException.invalidRequest("This authorization request has expired; start again from the app");
        }
        return p;
    }

    /** Binds a request to the browser that opened it (first visit) and keeps it alive a while longer. */
    public PendingRequest touch(PendingRequest p, String deviceId) {
        if (p.deviceId().isPresent() && !p.deviceId().get().equals(deviceId)) {
            throw new OAuthException("access_denied", "This authorization request was opened in another browser", 400, null);
        }
        PendingRequest bound = p.boundTo(deviceId, clock.instant().plus(REQUEST_LIFETIME));
        write(put(bound));
        return bound;
    }

    /** Records the user's approval: the request now waits for its code to be exchanged. */
    public PendingRequest approve(PendingRequest p, String did) {
        if (p.code().isPresent()) {
            throw OAuthException.invalidRequest("This authorization request was already approved");
        }
        String code = "cod-" + OAuthIds.random(32);
        PendingRequest approved = p.approved(did, code, clock.instant().plus(CODE_LIFETIME));
        write(put(approved).put(Table.OAUTH, key(CODE + code), key(p.id())));
        return approved;
    }

    /**
     * Takes the request a code belongs to out of the store, so the code works once. Empty when
     * the code is unknown (never issued, expired, or already used).
     */
    public synchronized Optional<PendingRequest> consumeCode(String code) {
        if (code == null || code.length() > 128) {
            return Optional.empty();
        }
        Optional<String> id = store.get(Table.OAUTH, key(CODE + code)).map(b -> new String(b, StandardCharsets.UTF_8));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<PendingRequest> p = store.get(Table.OAUTH, key(REQUEST + id.get()))
                .map(b -> PendingRequest.fromJson(id.get(), XrpcJson.parse(b)));
        write(TableWrites.create().delete(Table.OAUTH, key(CODE + code)).delete(Table.OAUTH, key(REQUEST + id.get())));
        return p.filter(r -> r.code().equals(Optional.of(code)) && r.expiresAt().isAfter(clock.instant()));
    }

    public void delete(PendingRequest p) {
        TableWrites w = TableWrites.create().delete(Table.OAUTH, key(REQUEST + p.id()));
        p.code().ifPresent(c -> w.delete(Table.OAUTH, key(CODE + c)));
        write(w);
    }

    /**
     * Deletes what no step can use any more at {@code now}: requests (with their codes) past
     * their expiry, codes whose request is gone, PKCE challenges remembered past their day.
     * Pushed requests need no sign-in, so without this anyone could grow the table forever.
     *
     * @return how many keys were deleted
     */
    public int sweep(Instant now) {
        int deleted = StateSweep.prefix(store, REQUEST, (v, w) -> {
            PendingRequest p = PendingRequest.fromJson(v.id(), XrpcJson.parse(v.value()));
            if (p.expiresAt().isBefore(now)) {
                w.delete(Table.OAUTH, key(REQUEST + p.id()));
                p.code().ifPresent(c -> w.delete(Table.OAUTH, key(CODE + c)));
            }
        });
        deleted += StateSweep.prefix(store, CODE, (v, w) -> {
            if (store.get(Table.OAUTH, key(REQUEST + v.valueString())).isEmpty()) {
                w.delete(Table.OAUTH, key(CODE + v.id()));
            }
        });
        deleted += StateSweep.prefix(store, CHALLENGE, (v, w) -> {
            if (Instant.parse(v.valueString()).isBefore(now)) {
                w.delete(Table.OAUTH, key(CHALLENGE + v.id()));
            }
        });
        return deleted;
    }

    private TableWrites put(PendingRequest p) {
        return TableWrites.create().put(Table.OAUTH, key(REQUEST + p.id()), XrpcJson.write(p.toJson()));
    }

    private void write(TableWrites writes) {
        store.writeTables(writes, List.of()).join();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
