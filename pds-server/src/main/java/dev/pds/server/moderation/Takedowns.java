package dev.pds.server.moderation;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Takedowns a moderator applied through {@code com.atproto.admin.updateSubjectStatus}, each
 * with its reference (the moderation service's id for the action, or the time it was applied),
 * in the {@link Table#ACCOUNTS} table. An account's status itself lives on the account; here is
 * only its takedown reference. A record's takedown hides it from getRecord and listRecords; a
 * blob's makes getBlob refuse it. Both are kept by path and CID until lifted or until the
 * account is deleted, so deleting and re-creating the record, or uploading the same bytes
 * again, does not undo them.
 *
 * <p>Keys: {@code x\0<did>\0a} -> the account's reference; {@code x\0<did>\0r\0<collection>/<rkey>}
 * -> a record's; {@code x\0<did>\0b\0<cid>} -> a blob's.
 */
public final class Takedowns {
    /** Longest reference kept; Ozone's are event ids, far shorter. */
    public static final int MAX_REF_LENGTH = 1_024;
    private static final String PREFIX = "x\0";
    /** Most record takedowns of one collection a listRecords page filters against. */
    private static final int MAX_SCANNED = 10_000;

    private final RepoStore store;

    public Takedowns(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The reference a new takedown gets when the moderator gave none, as the reference PDS does. */
    public static String refOrNow(Optional<String> ref, Instant now) {
        String out = ref.orElse(now.toString());
        if (out.length() > MAX_REF_LENGTH) {
            throw XrpcException.invalidRequest("takedown ref is longer than " + MAX_REF_LENGTH + " characters");
        }
        return out;
    }

    public Optional<String> account(Did did) {
        return read(accountKey(did));
    }

    public Optional<String> record(Did did, String collection, String rkey) {
        return read(recordKey(did, collection + "/" + rkey));
    }

    public Optional<String> blob(Did did, Cid cid) {
        return read(blobKey(did, cid));
    }

    /** The record keys of a collection that are taken down. */
    public Set<String> recordsIn(Did did, Nsid collection) {
        byte[] prefix = recordKey(did, collection + "/");
        Set<String> rkeys = new HashSet<>();
        for (TableEntry e : store.scan(Table.ACCOUNTS, prefix, null, MAX_SCANNED, false)) {
            rkeys.add(new String(e.key(), prefix.length, e.key().length - prefix.length, StandardCharsets.UTF_8));
        }
        return rkeys;
    }

    /** The write that applies ({@code ref} present) or lifts ({@code ref} empty) an account's takedown reference. */
    public TableWrites setAccount(Did did, Optional<String> ref) {
        return set(accountKey(did), ref);
    }

    public TableWrites setRecord(Did did, String collection, String rkey, Optional<String> ref) {
        return set(recordKey(did, collection + "/" + rkey), ref);
    }

    public TableWrites setBlob(Did did, Cid cid, Optional<String> ref) {
        return set(blobKey(did, cid), ref);
    }

    /** The write that forgets every takedown of an account (account deletion). */
    public TableWrites forgetAccount(Did did) {
        return TableWrites.create().deletePrefix(Table.ACCOUNTS, bytes(PREFIX + did + "\0"));
    }

    private TableWrites set(byte[] key, Optional<String> ref) {
        TableWrites writes = TableWrites.create();
        return ref.isPresent() ? writes.put(Table.ACCOUNTS, key, bytes(ref.get())) : writes.delete(Table.ACCOUNTS, key);
    }

    private Optional<String> read(byte[] key) {
        return store.get(Table.ACCOUNTS, key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static byte[] accountKey(Did did) {
        return bytes(PREFIX + did + "\0a");
    }

    private static byte[] recordKey(Did did, String path) {
        return bytes(PREFIX + did + "\0r\0" + path);
    }

    private static byte[] blobKey(Did did, Cid cid) {
        return bytes(PREFIX + did + "\0b\0" + cid);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
