package dev.pds.core.plc;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataModelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules that chain operations into a DID's history, as the directory applies them: a
 * genesis operation must hash to the DID and be signed by one of its own rotation keys; every
 * later operation names the CID of an earlier active one in {@code prev} and is signed by a
 * rotation key of that one. Naming an earlier op than the latest forks history: allowed only
 * within 72 hours of the first op it undoes, and only with a key listed before the key that
 * signed that op. Nothing follows a tombstone.
 */
public final class PlcChain {
    /** How long a higher-priority rotation key may undo operations. */
    public static final Duration RECOVERY_WINDOW = Duration.ofHours(72);

    private PlcChain() {
    }

    /** What accepting an operation does: the CIDs it nullifies (oldest first) and its prev (null at genesis). */
    public record Accepted(List<Cid> nullified, Cid prev) {
        public Accepted {
            nullified = List.copyOf(nullified);
        }
    }

    /**
     * Checks that {@code proposed}, arriving at {@code proposedAt}, may follow the active
     * (non-nullified) operations {@code active} of {@code did}, oldest first.
     *
     * @throws PlcException naming the rule it breaks
     */
    public static Accepted validateNext(String did, List<PlcLogEntry> active, PlcOp proposed, Instant proposedAt) {
        if (active.isEmpty()) {
            validateGenesis(did, proposed);
            return new Accepted(List.of(), null);
        }
        if (proposed.prev() == null) {
            throw PlcException.misordered();
        }
        Cid prev = parsePrev(proposed.prev());
        int indexOfPrev = -1;
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).cid().equals(prev)) {
                indexOfPrev = i;
                break;
            }
        }
        if (indexOfPrev < 0) {
            throw PlcException.misordered();
        }
        PlcOperation base = PlcState.normalize(active.get(indexOfPrev).operation());
        if (base == null) {
            throw PlcException.misordered(); // after a tombstone
        }
        List<PlcLogEntry> undone = active.subList(indexOfPrev + 1, active.size());
        if (undone.isEmpty()) {
            PlcSignatures.requireSigner(proposed, base.rotationKeys());
            return new Accepted(List.of(), prev);
        }
        PlcLogEntry firstUndone = undone.get(0);
        String disputedSigner = PlcSignatures.requireSigner(firstUndone.operation(), base.rotationKeys());
        List<String> strongerKeys = base.rotationKeys().subList(0, base.rotationKeys().indexOf(disputedSigner));
        PlcSignatures.requireSigner(proposed, strongerKeys);
        if (!proposedAt.isAfter(active.get(active.size() - 1).createdAt())) {
            throw PlcException.misordered(); // timestamps only move forward
        }
        Duration lapsed = Duration.between(firstUndone.createdAt(), proposedAt);
        if (lapsed.compareTo(RECOVERY_WINDOW) > 0) {
            throw new PlcException(PlcException.LATE_RECOVERY,
                    "Recovery operation occured outside of the allowed 72 hr recovery window. Time lapsed: "
                            + lapsed.toMillis());
        }
        List<Cid> nullified = new ArrayList<>(undone.size());
        for (PlcLogEntry e : undone) {
            nullified.add(e.cid());
        }
        return new Accepted(nullified, prev);
    }

    /** Checks a genesis operation: not a tombstone, prev null, self-signed, hashes to {@code did}. */
    public static PlcState validateGenesis(String did, PlcOp op) {
        PlcOperation normalized = PlcState.normalize(op);
        if (normalized == null) {
            throw PlcException.misordered();
        }
        PlcSignatures.requireSigner(op, normalized.rotationKeys());
        String expected = PlcDids.didFor(op).toString();
        if (!expected.equals(did)) {
            throw new PlcException(PlcException.GENESIS_HASH,
                    "Hash of genesis operation does not match DID identifier: " + expected);
        }
        if (op.prev() != null) {
            throw PlcException.invalid("expected null prev on create");
        }
        return PlcState.of(did, op);
    }

    /**
     * Validates a linear log of active operations (as {@code /:did/log} serves it) and returns
     * the resulting state, or null when it ends in a tombstone.
     */
    public static PlcState validateLog(String did, List<? extends PlcOp> ops) {
        if (ops.isEmpty()) {
            throw PlcException.invalid("operation log is empty");
        }
        PlcState state = validateGenesis(did, ops.get(0));
        Cid prev = ops.get(0).cid();
        for (int i = 1; i < ops.size(); i++) {
            PlcOp op = ops.get(i);
            if (op instanceof PlcLegacyCreate || op.prev() == null || !parsePrev(op.prev()).equals(prev)) {
                throw PlcException.misordered();
            }
            if (state == null) {
                throw PlcException.misordered(); // something after a tombstone
            }
            PlcSignatures.requireSigner(op, state.rotationKeys());
            state = PlcState.of(did, op);
            prev = op.cid();
        }
        return state;
    }

    /**
     * Replays a full audit log (nullified entries included, in the directory's order) through
     * {@link #validateNext}, checking every entry's DID and CID and that the entries marked
     * nullified are exactly those the rules nullify. Returns the final state, or null when the
     * DID is tombstoned.
     */
    public static PlcState verifyAuditLog(String did, List<PlcLogEntry> entries) {
        if (entries.isEmpty()) {
            throw PlcException.invalid("audit log is empty");
        }
        List<PlcLogEntry> active = new ArrayList<>();
        List<Cid> nullifiedSoFar = new ArrayList<>();
        for (PlcLogEntry e : entries) {
            if (!e.did().equals(did)) {
                throw PlcException.invalid("audit log entry for another DID: " + e.did());
            }
            if (!e.operation().cid().equals(e.cid())) {
                throw PlcException.invalid("audit log entry's cid does not match its operation: " + e.cid());
            }
            if (!active.isEmpty() && e.operation() instanceof PlcLegacyCreate) {
                throw PlcException.misordered();
            }
            Accepted accepted = validateNext(did, active, e.operation(), e.createdAt());
            nullifiedSoFar.addAll(accepted.nullified());
            active.removeIf(a -> accepted.nullified().contains(a.cid()));
            active.add(e);
        }
        for (PlcLogEntry e : entries) {
            if (e.nullified() != nullifiedSoFar.contains(e.cid())) {
                throw PlcException.invalid("audit log marks " + e.cid() + (e.nullified() ? " nullified" : " active")
                        + " but the rules say otherwise");
            }
        }
        return PlcState.of(did, active.get(active.size() - 1).operation());
    }

    static Cid parsePrev(String prev) {
        try {
            return Cid.parse(prev);
        } catch (DataModelException e) {
            throw PlcException.invalid("prev is not a CID: " + prev);
        }
    }
}
