package dev.pds.server.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.cache.DecodedCache;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Accounts in the {@link Table#ACCOUNTS} table: the account by DID, and indexes from
 * lower-case handle and email to the DID. Writes are returned as {@link TableWrites} so that
 * the caller can make them durable together with a commit or an event.
 *
 * <p>Keys: {@code d\0<did>} -> account JSON, {@code h\0<handle>} -> DID, {@code e\0<email>} -> DID;
 * {@code t\0<did>\0c} -> when the email was confirmed, {@code t\0<did>\0d} -> when the account was
 * deactivated (ISO instants, kept by {@link #update} as the account changes; none for changes
 * made before session 14).
 */
public final class AccountStore {
    private static final String BY_DID = "d\0";
    private static final String BY_HANDLE = "h\0";
    private static final String BY_EMAIL = "e\0";
    private static final String TIMES = "t\0";
    private static final String EMAIL_CONFIRMED_AT = "\0c";
    private static final String DEACTIVATED_AT = "\0d";

    private final RepoStore store;
    private final Clock clock;
    /** Handles and emails being claimed by writes not yet durable, so two sign-ups cannot both win. */
    private final Set<String> pendingClaims = new HashSet<>();
    /** Read-change-write of one account is serialized by these, picked by DID. */
    private final Object[] accountLocks = new Object[64];
    /** Accounts as last decoded, reused for identical rows (every write reads its account). */
    private final DecodedCache<Did, Account> decoded = new DecodedCache<>(4_096);

    public AccountStore(RepoStore store) {
        this(store, Clock.systemUTC());
    }

    /** @param clock when email confirmations and deactivations happen */
    public AccountStore(RepoStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < accountLocks.length; i++) {
            accountLocks[i] = new Object();
        }
    }

    /**
     * Runs {@code change} holding the account's lock: a change that reads the account, then
     * writes {@link #update(Account, Account)} from what it read, must run under it, or another
     * change in between (a new handle, a new status) would be undone by the stale copy.
     */
    public <T> T underLock(Did did, Supplier<T> change) {
        synchronized (accountLocks[Math.floorMod(did.hashCode(), accountLocks.length)]) {
            return change.get();
        }
    }

    public Optional<Account> byDid(Did did) {
        return store.getUsuallyPresent(Table.ACCOUNTS, key(BY_DID, did.toString())).map(b -> decoded.decode(did, b, AccountStore::decode));
    }

    public Optional<Account> byHandle(String handle) {
        return didAt(BY_HANDLE, normalize(handle)).flatMap(this::byDid);
    }

    public Optional<Account> byEmail(String email) {
        return didAt(BY_EMAIL, normalize(email)).flatMap(this::byDid);
    }

    /** An account by DID, handle or email, as createSession and the repo parameters allow. */
    public Optional<Account> find(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return Optional.empty();
        }
        if (identifier.startsWith("did:")) {
            return Did.isValid(identifier) ? byDid(Did.parse(identifier)) : Optional.empty();
        }
        if (identifier.contains("@")) {
            return byEmail(identifier);
        }
        return byHandle(identifier);
    }

    /** Up to {@code limit} accounts in DID order after {@code afterDid} (null for the first). */
    public List<Account> list(String afterDid, int limit) {
        byte[] after = afterDid == null ? null : key(BY_DID, afterDid);
        return store.scan(Table.ACCOUNTS, BY_DID.getBytes(StandardCharsets.UTF_8), after, limit, false).stream()
                .map(TableEntry::value).map(AccountStore::decode).toList();
    }

    /**
     * Reserves a handle and an email (either may be null) until the returned claim is closed,
     * which the caller does after its write is durable. HandleNotAvailable or an email error
     * when either is taken or being claimed.
     */
    public Claim claim(String handle, String email) {
        String h = handle == null ? null : BY_HANDLE + normalize(handle);
        String e = email == null ? null : BY_EMAIL + normalize(email);
        synchronized (pendingClaims) {
            if (h != null && (pendingClaims.contains(h) || didAt(BY_HANDLE, normalize(handle)).isPresent())) {
                throw XrpcException.badRequest("HandleNotAvailable", "Handle already taken: " + normalize(handle));
            }
            if (e != null && (pendingClaims.contains(e) || didAt(BY_EMAIL, normalize(email)).isPresent())) {
                throw XrpcException.invalidRequest("This email address is already in use, please use a different email.");
            }
            if (h != null) {
                pendingClaims.add(h);
            }
            if (e != null) {
                pendingClaims.add(e);
            }
        }
        return () -> {
            synchronized (pendingClaims) {
                if (h != null) {
                    pendingClaims.remove(h);
                }
                if (e != null) {
                    pendingClaims.remove(e);
                }
            }
        };
    }

    /** The writes that store a new account with its indexes. */
    public TableWrites insert(Account account) {
        return TableWrites.create()
                .put(Table.ACCOUNTS, key(BY_DID, account.did().toString()), encode(account))
                .put(Table.ACCOUNTS, key(BY_HANDLE, account.handle()), did(account))
                .put(Table.ACCOUNTS, key(BY_EMAIL, account.email()), did(account));
    }

    /** The writes that replace {@code before} by {@code after} (same DID), moving changed index entries. */
    public TableWrites update(Account before, Account after) {
        if (!before.did().equals(after.did())) {
            throw new IllegalArgumentException("an update keeps the DID");
        }
        TableWrites w = TableWrites.create().put(Table.ACCOUNTS, key(BY_DID, after.did().toString()), encode(after));
        if (!before.handle().equals(after.handle())) {
            w.delete(Table.ACCOUNTS, key(BY_HANDLE, before.handle())).put(Table.ACCOUNTS, key(BY_HANDLE, after.handle()), did(after));
        }
        if (!before.email().equals(after.email())) {
            w.delete(Table.ACCOUNTS, key(BY_EMAIL, before.email())).put(Table.ACCOUNTS, key(BY_EMAIL, after.email()), did(after));
        }
        byte[] now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString().getBytes(StandardCharsets.UTF_8);
        String did = after.did().toString();
        if (after.emailConfirmed() && !before.emailConfirmed()) {
            w.put(Table.ACCOUNTS, key(TIMES, did + EMAIL_CONFIRMED_AT), now);
        } else if (!after.emailConfirmed() && before.emailConfirmed()) {
            w.delete(Table.ACCOUNTS, key(TIMES, did + EMAIL_CONFIRMED_AT));
        }
        if (after.status() == AccountStatus.DEACTIVATED && before.status() != AccountStatus.DEACTIVATED) {
            w.put(Table.ACCOUNTS, key(TIMES, did + DEACTIVATED_AT), now);
        } else if (after.status() == AccountStatus.ACTIVE && before.status() != AccountStatus.ACTIVE) {
            w.delete(Table.ACCOUNTS, key(TIMES, did + DEACTIVATED_AT));
        }
        return w;
    }

    /** When the account's email was confirmed, if it is and that was kept. */
    public Optional<Instant> emailConfirmedAt(Did did) {
        return time(did, EMAIL_CONFIRMED_AT);
    }

    /** When the account was deactivated, if it was since it was last active and that was kept. */
    public Optional<Instant> deactivatedAt(Did did) {
        return time(did, DEACTIVATED_AT);
    }

    private Optional<Instant> time(Did did, String which) {
        return store.get(Table.ACCOUNTS, key(TIMES, did + which)).map(b -> Instant.parse(new String(b, StandardCharsets.UTF_8)));
    }

    /** The writes that remove an account and its indexes. */
    public TableWrites delete(Account account) {
        return TableWrites.create()
                .delete(Table.ACCOUNTS, key(BY_DID, account.did().toString()))
                .delete(Table.ACCOUNTS, key(BY_HANDLE, account.handle()))
                .delete(Table.ACCOUNTS, key(BY_EMAIL, account.email()))
                .delete(Table.ACCOUNTS, key(TIMES, account.did() + EMAIL_CONFIRMED_AT))
                .delete(Table.ACCOUNTS, key(TIMES, account.did() + DEACTIVATED_AT));
    }

    /** Lower case, the form handles and emails are stored and compared in. */
    public static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A reservation of a handle and email, released by {@link #close()}. */
    @FunctionalInterface
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    private Optional<Did> didAt(String kind, String value) {
        return store.get(Table.ACCOUNTS, key(kind, value)).map(b -> Did.parse(new String(b, StandardCharsets.UTF_8)));
    }

    private static byte[] key(String kind, String value) {
        return (kind + value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] did(Account a) {
        return a.did().toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encode(Account a) {
        ObjectNode o = XrpcJson.object();
        o.put("did", a.did().toString());
        o.put("handle", a.handle());
        o.put("email", a.email());
        o.put("emailConfirmed", a.emailConfirmed());
        o.put("passwordHash", a.passwordHash());
        o.put("signingKey", a.signingKeyHex());
        o.put("createdAt", a.createdAt().toString());
        o.put("status", a.status().name());
        return XrpcJson.write(o);
    }

    static Account decode(byte[] bytes) {
        JsonNode o = XrpcJson.parse(bytes);
        return new Account(Did.parse(o.get("did").asText()), o.get("handle").asText(), o.get("email").asText(),
                o.get("emailConfirmed").asBoolean(), o.get("passwordHash").asText(), o.get("signingKey").asText(),
                Instant.parse(o.get("createdAt").asText()), AccountStatus.parse(o.get("status").asText()));
    }
}
