package dev.pds.server.oauth.token;

import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.server.oauth.StateSweep;
import dev.pds.server.oauth.dpop.DpopVerifier;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * OAuth sessions ({@link Grant}s) in {@link Table#OAUTH}.
 *
 * <p>Keys: {@code g\0<grantId>} -> grant JSON; {@code G\0<did>\0<grantId>} -> empty (the
 * account's sessions, to list and revoke them); {@code r\0<sha256(refresh token)>} -> grantId
 * (kept after the token is used, so that a reuse is recognized and ends the session);
 * {@code c\0<code>} -> grantId (the session a code started, so that a replayed code ends it).
 * Refresh tokens and codes are stored hashed or as keys only, never returned.
 */
public final class GrantStore {
    private static final String GRANT = "g\0";
    private static final String BY_DID = "G\0";
    private static final String REFRESH = "r\0";
    private static final String CODE = "c\0";

    private final RepoStore store;

    public GrantStore(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public Optional<Grant> get(String grantId) {
        return store.get(Table.OAUTH, key(GRANT + grantId)).map(b -> Grant.fromJson(grantId, XrpcJson.parse(b)));
    }

    /** The session a refresh token belongs to (current or already used). */
    public Optional<Grant> byRefreshToken(String refreshToken) {
        return store.get(Table.OAUTH, key(REFRESH + DpopVerifier.accessTokenHash(refreshToken)))
                .flatMap(b -> get(new String(b, StandardCharsets.UTF_8)));
    }

    /** The session an exchanged code started. */
    public Optional<Grant> byCode(String code) {
        return store.get(Table.OAUTH, key(CODE + code)).flatMap(b -> get(new String(b, StandardCharsets.UTF_8)));
    }

    /** The ids of an account's sessions. */
    public List<String> ids(String did) {
        byte[] prefix = key(BY_DID + did + "\0");
        return store.scan(Table.OAUTH, prefix, null, 10_000, false).stream().map(TableEntry::keyString)
                .map(k -> k.substring(prefix.length)).toList();
    }

    public void create(Grant g, Optional<String> refreshToken) {
        TableWrites w = put(g).put(Table.OAUTH, key(BY_DID + g.did() + "\0" + g.id()), new byte[0])
                .put(Table.OAUTH, key(CODE + g.code()), key(g.id()));
        refreshToken.ifPresent(t -> w.put(Table.OAUTH, key(REFRESH + DpopVerifier.accessTokenHash(t)), key(g.id())));
        write(w);
    }

    public void replace(Grant g, Optional<String> newRefreshToken) {
        TableWrites w = put(g);
        newRefreshToken.ifPresent(t -> w.put(Table.OAUTH, key(REFRESH + DpopVerifier.accessTokenHash(t)), key(g.id())));
        write(w);
    }

    /** Ends a session: its access and refresh tokens stop working at once. */
    public void delete(Grant g) {
        write(TableWrites.create().delete(Table.OAUTH, key(GRANT + g.id()))
                .delete(Table.OAUTH, key(BY_DID + g.did() + "\0" + g.id())));
    }

    /**
     * The writes that end every OAuth session of an account (account deletion). The hashed
     * refresh-token and code keys stay behind: they name grants that no longer exist, so they
     * answer as unknown.
     */
    public TableWrites forgetAccount(String did) {
        TableWrites w = TableWrites.create();
        ids(did).forEach(id -> w.delete(Table.OAUTH, key(GRANT + id)));
        return w.deletePrefix(Table.OAUTH, key(BY_DID + did + "\0"));
    }

    /**
     * Deletes sessions that ended before {@code now} (their lifetime or their refresh token's
     * ran out, and their last access token expired), with their index keys, and the refresh
     * token hashes and codes of sessions that no longer exist.
     *
     * @param ended when a session stops being usable, however it is refreshed
     * @return how many keys were deleted
     */
    public int sweep(Instant now, Function<Grant, Instant> ended) {
        int deleted = StateSweep.prefix(store, GRANT, (v, w) -> {
            Grant g = Grant.fromJson(v.id(), XrpcJson.parse(v.value()));
            Instant end = ended.apply(g);
            if (g.accessExpires().isAfter(end)) {
                end = g.accessExpires();
            }
            if (end.isBefore(now)) {
                w.delete(Table.OAUTH, key(GRANT + g.id())).delete(Table.OAUTH, key(BY_DID + g.did() + "\0" + g.id()))
                        .delete(Table.OAUTH, key(CODE + g.code()));
            }
        });
        for (String orphanPrefix : new String[] {REFRESH, CODE}) {
            deleted += StateSweep.prefix(store, orphanPrefix, (v, w) -> {
                if (store.get(Table.OAUTH, key(GRANT + v.valueString())).isEmpty()) {
                    w.delete(Table.OAUTH, key(orphanPrefix + v.id()));
                }
            });
        }
        return deleted;
    }

    private TableWrites put(Grant g) {
        return TableWrites.create().put(Table.OAUTH, key(GRANT + g.id()), XrpcJson.write(g.toJson()));
    }

    private void write(TableWrites w) {
        store.writeTables(w, List.of()).join();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
