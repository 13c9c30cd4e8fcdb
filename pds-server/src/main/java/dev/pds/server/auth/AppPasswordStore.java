package dev.pds.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Sha256;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.account.RandomCodes;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * App passwords in the {@link Table#AUTH} table: generated secrets in the reference's
 * {@code xxxx-xxxx-xxxx-xxxx} form (80 random bits), kept as scrypt hashes salted with the
 * account's DID, so that a login tries all of an account's app passwords with one hash. A
 * session made with one remembers its name; revoking it ends those sessions.
 *
 * <p>Keys: {@code a\0<did>\0<name>} -> {@code {hash, privileged, createdAt}}.
 */
public final class AppPasswordStore {
    /** Longest name, in UTF-16 units; the lexicon sets none, the key needs one. */
    public static final int MAX_NAME_CHARS = 256;
    /** Most app passwords per account, so that listing and logging in stay bounded. */
    public static final int MAX_PER_ACCOUNT = 100;
    private static final String PREFIX = "a\0";

    private final RepoStore store;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    /** Creating, revoking and logging in with an account's app passwords are serialized per account. */
    private final Object[] accountLocks = new Object[64];

    public AppPasswordStore(RepoStore store, PasswordHasher hasher, SessionStore sessions) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        for (int i = 0; i < accountLocks.length; i++) {
            accountLocks[i] = new Object();
        }
    }

    /** An app password as listed: never the secret. */
    public record AppPassword(String name, boolean privileged, Instant createdAt) {
        public AppPassword {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        /** The scope of the sessions it opens. */
        public AuthScope scope() {
            return privileged ? AuthScope.APP_PASS_PRIVILEGED : AuthScope.APP_PASS;
        }
    }

    /** A new app password with its secret, which is shown once and never again. */
    public record Created(AppPassword appPassword, String password) {
    }

    /**
     * Creates an app password, durably. InvalidRequest when the name is empty, too long, has
     * control characters or is taken, or when the account has {@value #MAX_PER_ACCOUNT}.
     */
    public Created create(Did did, String name, boolean privileged, Instant now) {
        checkName(name);
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        // 16 base32 characters, 80 random bits, in the reference's four groups
        String password = RandomCodes.groups(4, 4);
        // hashed before the lock: it is the slow part and needs nothing stored
        String hash = hasher.hash(password, salt(did));
        synchronized (lockOf(did)) {
            List<TableEntry> existing = entries(did);
            if (store.get(Table.AUTH, key(did, name)).isPresent()) {
                throw XrpcException.invalidRequest("An app password named \"" + name + "\" already exists");
            }
            if (existing.size() >= MAX_PER_ACCOUNT) {
                throw XrpcException.invalidRequest("Too many app passwords (at most " + MAX_PER_ACCOUNT
                        + "); revoke one first");
            }
            AppPassword created = new AppPassword(name, privileged, createdAt);
            ObjectNode o = XrpcJson.object();
            o.put("hash", hash);
            o.put("privileged", privileged);
            o.put("createdAt", createdAt.toString());
            store.writeTables(TableWrites.create().put(Table.AUTH, key(did, name), XrpcJson.write(o)), List.of()).join();
            return new Created(created, password);
        }
    }

    /** The account's app passwords, newest first. */
    public List<AppPassword> list(Did did) {
        byte[] prefix = prefix(did);
        List<AppPassword> out = new ArrayList<>();
        for (TableEntry e : entries(did)) {
            out.add(decode(e.keyString().substring(prefix.length), XrpcJson.parse(e.value())));
        }
        out.sort(Comparator.comparing(AppPassword::createdAt).reversed().thenComparing(AppPassword::name));
        return out;
    }

    /**
     * The app password of {@code did} that {@code password} is, if any. Costs one scrypt
     * whatever the account and however many app passwords it has (none for an unknown DID).
     */
    public Optional<AppPassword> match(Did did, String password) {
        if (password == null || password.length() > PasswordHasher.MAX_PASSWORD_CHARS) {
            return Optional.empty();
        }
        byte[] hash = hasher.hash(password, salt(did)).getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = prefix(did);
        Optional<AppPassword> found = Optional.empty();
        for (TableEntry e : entries(did)) {
            JsonNode o = XrpcJson.parse(e.value());
            // compared with every stored hash, in constant time each, so timing says nothing of which matched
            if (MessageDigest.isEqual(hash, o.path("hash").asText().getBytes(StandardCharsets.US_ASCII))) {
                found = Optional.of(decode(e.keyString().substring(prefix.length), o));
            }
        }
        return found;
    }

    /**
     * Starts a session for an app password that {@link #match} found, durably, unless it was
     * revoked in the meantime (empty then): revocation and this are serialized, so no session
     * of a revoked app password can outlive it.
     */
    public Optional<SessionStore.Started> startSession(Did did, AppPassword appPassword, SessionTokens tokens, Instant now) {
        synchronized (lockOf(did)) {
            if (store.get(Table.AUTH, key(did, appPassword.name())).isEmpty()) {
                return Optional.empty();
            }
            SessionStore.Started started = sessions.start(did, appPassword.scope(), Optional.of(appPassword.name()), tokens, now);
            store.writeTables(started.writes(), List.of()).join();
            return Optional.of(started);
        }
    }

    /** Removes an app password and ends its sessions, durably; false when there was none of that name. */
    public boolean revoke(Did did, String name) {
        synchronized (lockOf(did)) {
            if (name.isEmpty() || name.indexOf('\0') >= 0 || store.get(Table.AUTH, key(did, name)).isEmpty()) {
                return false;
            }
            store.writeTables(TableWrites.create().delete(Table.AUTH, key(did, name)), List.of()).join();
            sessions.revokeWhere(did, s -> s.appPassword().equals(Optional.of(name)));
            return true;
        }
    }

    /** The writes that remove every app password of an account (account deletion). */
    public TableWrites forgetAccount(Did did) {
        return TableWrites.create().deletePrefix(Table.AUTH, (PREFIX + did + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw XrpcException.invalidRequest("An app password needs a name");
        }
        if (name.length() > MAX_NAME_CHARS) {
            throw XrpcException.invalidRequest("App password name too long (at most " + MAX_NAME_CHARS + " characters)");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw XrpcException.invalidRequest("App password name has control characters");
        }
    }

    private static byte[] salt(Did did) {
        return Arrays.copyOf(Sha256.digest(did.toString().getBytes(StandardCharsets.UTF_8)), 16);
    }

    private List<TableEntry> entries(Did did) {
        return store.scan(Table.AUTH, prefix(did), null, MAX_PER_ACCOUNT + 1, false);
    }

    private Object lockOf(Did did) {
        return accountLocks[Math.floorMod(did.hashCode(), accountLocks.length)];
    }

    private static byte[] prefix(Did did) {
        return (PREFIX + did + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(Did did, String name) {
        return (PREFIX + did + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static AppPassword decode(String name, JsonNode o) {
        return new AppPassword(name, o.path("privileged").asBoolean(false), Instant.parse(o.get("createdAt").asText()));
    }
}
