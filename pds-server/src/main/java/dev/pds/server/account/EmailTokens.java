package dev.pds.server.account;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The codes account mail carries (a password reset, an account deletion, a PLC operation's
 * signature, an address's confirmation or change): one live code per account and purpose, replaced by a new request, good for 15
 * minutes and used once, with the reference's errors (InvalidToken, ExpiredToken) and its
 * format (two groups of five upper-case base32 characters; compared without regard to case).
 *
 * <p>Keys in the {@code accounts} table: {@code t\0<purpose>\0<did>} holds the code and when it
 * was asked for; {@code c\0<purpose>\0<CODE>} names the account, for a reset by code alone.
 */
public final class EmailTokens {
    /** How long a code is good for (the reference's). */
    public static final Duration LIFETIME = Duration.ofMinutes(15);

    /** What a code is for. */
    public enum Purpose {
        RESET_PASSWORD("reset_password"), DELETE_ACCOUNT("delete_account"), PLC_OPERATION("plc_operation"),
        CONFIRM_EMAIL("confirm_email"), UPDATE_EMAIL("update_email");

        final String wire;

        Purpose(String wire) {
            this.wire = wire;
        }
    }

    private final RepoStore store;
    private final Clock clock;

    public EmailTokens(RepoStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new code for the account and purpose, durable before this returns; an older one stops
     * working. One at a time (they are rare), so two requests cannot leave a code's index behind.
     */
    public synchronized String issue(Did did, Purpose purpose) {
        String code = RandomCodes.groups(2, 5).toUpperCase(Locale.ROOT);
        TableWrites writes = TableWrites.create();
        current(did, purpose).ifPresent(old -> writes.delete(Table.ACCOUNTS, byCode(purpose, old.code)));
        writes.put(Table.ACCOUNTS, byAccount(purpose, did), (code + "\0" + clock.millis()).getBytes(StandardCharsets.UTF_8))
                .put(Table.ACCOUNTS, byCode(purpose, code), did.toString().getBytes(StandardCharsets.UTF_8));
        store.writeTables(writes, List.of()).join();
        return code;
    }

    /**
     * Checks {@code code} for the account and purpose (InvalidToken, ExpiredToken otherwise) and
     * answers the writes that use it up, for the batch of what it allows.
     */
    public TableWrites redeem(Did did, Purpose purpose, String code) {
        Issued issued = current(did, purpose).filter(i -> i.code.equalsIgnoreCase(code.trim()))
                .orElseThrow(() -> XrpcException.badRequest("InvalidToken", "Token is invalid"));
        if (clock.millis() - issued.issuedAtMillis > LIFETIME.toMillis()) {
            throw XrpcException.badRequest("ExpiredToken", "Token is expired");
        }
        return TableWrites.create().delete(Table.ACCOUNTS, byAccount(purpose, did))
                .delete(Table.ACCOUNTS, byCode(purpose, issued.code));
    }

    /** The account a code of this purpose was issued to (InvalidToken when none). */
    public Did accountOf(Purpose purpose, String code) {
        return store.get(Table.ACCOUNTS, byCode(purpose, code.trim().toUpperCase(Locale.ROOT)))
                .map(b -> Did.parse(new String(b, StandardCharsets.UTF_8)))
                .orElseThrow(() -> XrpcException.badRequest("InvalidToken", "Token is invalid"));
    }

    /** The writes that forget every code of the account (when it is deleted). */
    public TableWrites forgetAccount(Did did) {
        TableWrites writes = TableWrites.create();
        for (Purpose p : Purpose.values()) {
            current(did, p).ifPresent(i -> writes.delete(Table.ACCOUNTS, byAccount(p, did)).delete(Table.ACCOUNTS, byCode(p, i.code)));
        }
        return writes;
    }

    private record Issued(String code, long issuedAtMillis) {
    }

    private Optional<Issued> current(Did did, Purpose purpose) {
        return store.get(Table.ACCOUNTS, byAccount(purpose, did)).map(b -> {
            String[] parts = new String(b, StandardCharsets.UTF_8).split("\0", 2);
            return new Issued(parts[0], Long.parseLong(parts[1]));
        });
    }

    private static byte[] byAccount(Purpose purpose, Did did) {
        return ("t\0" + purpose.wire + "\0" + did).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] byCode(Purpose purpose, String code) {
        return ("c\0" + purpose.wire + "\0" + code).getBytes(StandardCharsets.UTF_8);
    }
}
