package dev.pds.server.plc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.plc.PlcChain;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcLimits;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded did:plc directory of dev mode: validates operations as the real directory
 * does (limits, signatures, chain, 72-hour recovery) and keeps every DID's audit log in
 * memory, backed by {@link PlcOpFile} when given a data folder so DIDs survive restarts.
 * One lock for all DIDs: dev mode sees a handful of operations, and a single writer keeps
 * the file and the memory in the same order.
 */
public final class PlcDirectory implements PlcDirectoryClient, AutoCloseable {
    /** File name of the operation log inside the data folder given to {@link #open}. */
    public static final String FILE_NAME = "plc-operations.jsonl";

    private final Map<String, List<PlcLogEntry>> logs = new HashMap<>();
    private final PlcOpFile file;
    private final Clock clock;

    private PlcDirectory(PlcOpFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A directory that forgets everything when closed (tests). */
    public static PlcDirectory inMemory(Clock clock) {
        return new PlcDirectory(null, clock);
    }

    /** A directory kept in {@code folder}/{@value #FILE_NAME}, replaying what is already there. */
    public static PlcDirectory open(Path folder, Clock clock) throws IOException {
        List<PlcOpFile.Line> lines = new ArrayList<>();
        PlcOpFile file = PlcOpFile.open(folder.resolve(FILE_NAME), lines);
        PlcDirectory dir = new PlcDirectory(file, clock);
        try {
            for (PlcOpFile.Line line : lines) {
                dir.accept(line.did(), PlcJson.readOp(line.operation(), true), line.createdAt());
            }
        } catch (PlcException e) {
            file.close();
            throw new IOException("PLC operation log " + folder.resolve(FILE_NAME) + " does not replay: "
                    + e.getMessage(), e);
        }
        return dir;
    }

    @Override
    public synchronized void submit(String did, PlcOp op) {
        if (!PlcDids.isPlcDid(did)) {
            throw new PlcException(PlcException.INVALID_OPERATION, "Improperly formatted did: " + did);
        }
        PlcLimits.check(op);
        List<PlcLogEntry> log = logs.getOrDefault(did, List.of());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!log.isEmpty() && !now.isAfter(log.get(log.size() - 1).createdAt())) {
            // keep audit times strictly increasing even if two ops land in one millisecond
            now = log.get(log.size() - 1).createdAt().plusMillis(1);
        }
        PlcLogEntry entry = accept(did, op, now);
        if (file != null) {
            file.append(entry);
        }
    }

    /** Validates and records {@code op}; the caller persists it. */
    private PlcLogEntry accept(String did, PlcOp op, Instant at) {
        List<PlcLogEntry> log = logs.getOrDefault(did, List.of());
        List<PlcLogEntry> active = log.stream().filter(e -> !e.nullified()).toList();
        PlcChain.Accepted accepted = PlcChain.validateNext(did, active, op, at);
        List<PlcLogEntry> next = new ArrayList<>(log.size() + 1);
        for (PlcLogEntry e : log) {
            next.add(accepted.nullified().contains(e.cid()) ? e.asNullified() : e);
        }
        PlcLogEntry entry = PlcLogEntry.accepted(did, op, at);
        next.add(entry);
        logs.put(did, List.copyOf(next));
        return entry;
    }

    @Override
    public ObjectNode getDocument(String did) {
        return getData(did).toDidDocument();
    }

    @Override
    public PlcState getData(String did) {
        PlcState state = PlcState.of(did, getLastOp(did));
        if (state == null) {
            throw PlcErrors.notAvailable(did);
        }
        return state;
    }

    @Override
    public PlcOp getLastOp(String did) {
        List<PlcOp> active = getLog(did);
        return active.get(active.size() - 1);
    }

    @Override
    public List<PlcOp> getLog(String did) {
        return getAuditLog(did).stream().filter(e -> !e.nullified()).map(PlcLogEntry::operation).toList();
    }

    @Override
    public synchronized List<PlcLogEntry> getAuditLog(String did) {
        List<PlcLogEntry> log = logs.get(did);
        if (log == null) {
            throw PlcErrors.notRegistered(did);
        }
        return log;
    }

    /** How many DIDs the directory holds. */
    public synchronized int size() {
        return logs.size();
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            synchronized (this) {
                file.close();
            }
        }
    }
}
