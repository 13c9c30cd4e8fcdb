package dev.pds.server.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Invite codes in the {@link Table#ACCOUNTS} table: made by the admin for an account (or for
 * "admin"), each good for a number of sign-ups, or earned by an account over time (each good
 * for one). A sign-up {@link #reserve reserves} one use
 * while it runs and writes the use in the same batch as the account, so a code can never be
 * used more often than it allows, even by sign-ups at the same moment.
 *
 * <p>Keys: {@code i\0<code>} -> {@code {available, disabled, forAccount, createdBy, createdAt}};
 * {@code u\0<code>\0<did>} -> the time of that account's sign-up; {@code I\0<forAccount>\0<code>}
 * -> empty (the codes an account was given); {@code D\0<did>} -> empty (the admin turned the
 * account's earned codes off).
 */
public final class InviteStore {
    /** Most uses one code may allow. */
    public static final int MAX_USES = 100_000;
    /** Most codes one admin call may make. */
    public static final int MAX_CODES_PER_CALL = 10_000;
    /** Most codes listed for one account. */
    private static final int MAX_LISTED = 10_000;
    static final String CODE = "i\0";
    static final String USE = "u\0";
    private static final String BY_ACCOUNT = "I\0";
    private static final String INVITES_DISABLED = "D\0";
    /** {@code U\0<did>} -> the code the account signed up with (accounts made since session 14). */
    private static final String USED_BY = "U\0";
    /** Who made the codes the operator gives. */
    private static final String ADMIN = "admin";
    /** Most earned codes an account holds unused, as on the reference. */
    static final int MAX_UNUSED_EARNED = 5;

    private final RepoStore store;
    private final AccountStore accounts;
    /** Uses reserved by sign-ups whose writes are not yet durable, by code; guarded by itself. */
    private final Map<String, Integer> pending = new HashMap<>();

    public InviteStore(RepoStore store, AccountStore accounts) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** One sign-up with a code. */
    public record Use(Did usedBy, Instant usedAt) {
    }

    /** A code as getAccountInviteCodes shows it, with its uses, latest first. */
    public record InviteCode(String code, int available, boolean disabled, String forAccount, String createdBy,
            Instant createdAt, List<Use> uses) {
        public InviteCode {
            uses = List.copyOf(uses);
        }

        public boolean usedUp() {
            return uses.size() >= available;
        }
    }

    /**
     * A new code, as the reference makes them: the host name with dots as dashes, then two
     * groups of five base32 characters ({@code pds-example-com-abcde-fgh23}).
     */
    public static String newCode(String hostname) {
        return hostname.replace('.', '-') + "-" + RandomCodes.groups(2, 5);
    }

    /** Checks an admin's {@code useCount}: InvalidRequest outside 1..{@value #MAX_USES}. */
    public static int checkUseCount(long useCount) {
        if (useCount < 1 || useCount > MAX_USES) {
            throw XrpcException.invalidRequest("useCount must be from 1 to " + MAX_USES);
        }
        return (int) useCount;
    }

    /** The writes that make {@code codes} for {@code forAccount} (a DID or "admin"), made by the admin. */
    public TableWrites create(List<String> codes, String forAccount, int useCount, Instant now) {
        return create(codes, forAccount, useCount, ADMIN, false, now);
    }

    /**
     * The codes {@code account} has earned by {@code now} (see {@link #codesToEarn}), made, each
     * good for one sign-up. Run it under the account's lock, so two calls cannot both hand out
     * the same allowance.
     */
    public List<String> earn(Account account, Duration interval, Instant epoch, String hostname, Instant now) {
        String did = account.did().toString();
        int count = codesToEarn(forAccount(did), account.createdAt(), interval, epoch, now);
        if (count <= 0) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            codes.add(newCode(hostname));
        }
        // with the account's invites turned off they are made anyway, disabled, so that the
        // allowance stays counted, as on the reference
        store.writeTables(create(codes, did, 1, did, invitesDisabled(account.did()), now), List.of()).join();
        return codes;
    }

    /**
     * The reference's rule for codes an account earns: one for each whole interval of its life
     * after the epoch, less the codes it already earned after the epoch, and no more than makes
     * five of its earned codes unused at once. Codes the admin gave it count for neither.
     */
    static int codesToEarn(List<InviteCode> codes, Instant accountCreatedAt, Duration interval, Instant epoch, Instant now) {
        long step = interval.toMillis();
        long created = accountCreatedAt.toEpochMilli();
        long couldEarn = (now.toEpochMilli() - created) / step;
        if (created < epoch.toEpochMilli()) {
            couldEarn -= (epoch.toEpochMilli() - created) / step;
        }
        long earnedSinceEpoch = 0;
        long unused = 0;
        for (InviteCode code : codes) {
            if (code.createdBy().equals(ADMIN)) {
                continue;
            }
            if (code.createdAt().isAfter(epoch)) {
                earnedSinceEpoch++;
            }
            if (!code.disabled() && !code.usedUp()) {
                unused++;
            }
        }
        return (int) Math.max(0, Math.min(MAX_UNUSED_EARNED - unused, couldEarn - earnedSinceEpoch));
    }

    private TableWrites create(List<String> codes, String forAccount, int useCount, String createdBy, boolean disabled,
            Instant now) {
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        TableWrites w = TableWrites.create();
        for (String code : codes) {
            ObjectNode o = XrpcJson.object();
            o.put("available", useCount);
            o.put("disabled", disabled);
            o.put("forAccount", forAccount);
            o.put("createdBy", createdBy);
            o.put("createdAt", createdAt.toString());
            w.put(Table.ACCOUNTS, key(CODE + code), XrpcJson.write(o))
                    .put(Table.ACCOUNTS, key(BY_ACCOUNT + forAccount + "\0" + code), new byte[0]);
        }
        return w;
    }

    /** The writes that disable {@code codes} (those that exist); a disabled code signs nobody up. */
    public TableWrites disable(Collection<String> codes) {
        TableWrites w = TableWrites.create();
        for (String code : codes) {
            if (code == null || code.isEmpty() || code.indexOf('\0') >= 0) {
                continue;
            }
            store.get(Table.ACCOUNTS, key(CODE + code)).ifPresent(b -> {
                ObjectNode o = (ObjectNode) XrpcJson.parse(b);
                o.put("disabled", true);
                w.put(Table.ACCOUNTS, key(CODE + code), XrpcJson.write(o));
            });
        }
        return w;
    }

    /** The codes given to {@code account} (a DID), by code. */
    public List<String> codesOf(String account) {
        byte[] prefix = key(BY_ACCOUNT + account + "\0");
        return store.scan(Table.ACCOUNTS, prefix, null, MAX_LISTED, false).stream()
                .map(e -> e.keyString().substring(prefix.length)).toList();
    }

    /** Whether the admin turned off the codes {@code did} earns (they are made disabled). */
    public boolean invitesDisabled(Did did) {
        return store.get(Table.ACCOUNTS, key(INVITES_DISABLED + did)).isPresent();
    }

    public TableWrites setInvitesDisabled(Did did, boolean disabled) {
        TableWrites w = TableWrites.create();
        return disabled ? w.put(Table.ACCOUNTS, key(INVITES_DISABLED + did), new byte[0]) : w.delete(Table.ACCOUNTS, key(INVITES_DISABLED + did));
    }

    /** The writes that forget what is kept of an account here beside its codes (account deletion). */
    public TableWrites forgetAccount(Did did) {
        return setInvitesDisabled(did, false).delete(Table.ACCOUNTS, key(USED_BY + did));
    }

    /** The code {@code did} signed up with, when it used one (and signed up since this was kept). */
    public Optional<InviteCode> usedBy(Did did) {
        return store.get(Table.ACCOUNTS, key(USED_BY + did)).flatMap(b -> get(new String(b, StandardCharsets.UTF_8)));
    }

    public Optional<InviteCode> get(String code) {
        if (code == null || code.isEmpty() || code.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return store.get(Table.ACCOUNTS, key(CODE + code)).map(b -> decode(code, XrpcJson.parse(b)));
    }

    /** The codes given to {@code account}, oldest first. */
    public List<InviteCode> forAccount(String account) {
        byte[] prefix = key(BY_ACCOUNT + account + "\0");
        List<InviteCode> out = new ArrayList<>();
        for (TableEntry e : store.scan(Table.ACCOUNTS, prefix, null, MAX_LISTED, false)) {
            get(e.keyString().substring(prefix.length)).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code));
        return out;
    }

    /** A use of a code held by a sign-up in progress; closing it gives the use back unless written. */
    public interface Reservation extends AutoCloseable {
        /** The writes that record the use, to go in the sign-up's batch. */
        TableWrites use(Did usedBy, Instant now);

        @Override
        void close();
    }

    /**
     * Holds one use of {@code code} until the reservation is closed, which the caller does
     * once its batch (with {@link Reservation#use}) is durable or has failed. InvalidInviteCode
     * when the code is unknown, disabled, used up (counting other sign-ups in progress), or
     * was given to an account that has been taken down.
     */
    public Reservation reserve(String code) {
        synchronized (pending) {
            InviteCode invite = get(code).orElseThrow(InviteStore::notAvailable);
            int held = pending.getOrDefault(code, 0);
            if (invite.disabled() || invite.uses().size() + held >= invite.available() || ownerTakenDown(invite)) {
                throw notAvailable();
            }
            pending.put(code, held + 1);
        }
        return new Reservation() {
            private boolean closed;

            @Override
            public TableWrites use(Did usedBy, Instant now) {
                return TableWrites.create().put(Table.ACCOUNTS, key(USE + code + "\0" + usedBy),
                        now.truncatedTo(ChronoUnit.MILLIS).toString().getBytes(StandardCharsets.UTF_8))
                        .put(Table.ACCOUNTS, key(USED_BY + usedBy), code.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                synchronized (pending) {
                    if (!closed) {
                        closed = true;
                        pending.merge(code, -1, (a, b) -> a + b == 0 ? null : a + b);
                    }
                }
            }
        };
    }

    private boolean ownerTakenDown(InviteCode invite) {
        if (!Did.isValid(invite.forAccount())) {
            return false;
        }
        return accounts.byDid(Did.parse(invite.forAccount())).map(a -> a.status() == AccountStatus.TAKENDOWN).orElse(false);
    }

    private List<Use> uses(String code) {
        byte[] prefix = key(USE + code + "\0");
        List<Use> uses = new ArrayList<>();
        // a code allows at most MAX_USES, so this reads all of them
        for (TableEntry e : store.scan(Table.ACCOUNTS, prefix, null, MAX_USES, false)) {
            uses.add(new Use(Did.parse(e.keyString().substring(prefix.length)),
                    Instant.parse(new String(e.value(), StandardCharsets.UTF_8))));
        }
        uses.sort(Comparator.comparing(Use::usedAt).reversed());
        return uses;
    }

    private InviteCode decode(String code, JsonNode o) {
        return new InviteCode(code, o.get("available").asInt(), o.get("disabled").asBoolean(), o.get("forAccount").asText(),
                o.get("createdBy").asText(), Instant.parse(o.get("createdAt").asText()), uses(code));
    }

    private static XrpcException notAvailable() {
        return XrpcException.badRequest("InvalidInviteCode", "Provided invite code not available");
    }

    static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
