package dev.pds.core.events;

import dev.pds.core.block.Block;
import dev.pds.core.car.CarWriter;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import dev.pds.core.repo.CommitResult;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.store.CommitEvents;
import dev.pds.core.store.EventSource;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the firehose's sequenced events ({@code #commit}, {@code #sync}, {@code #identity},
 * {@code #account}) as the store's {@link EventSource}s: everything is encoded on the caller's
 * thread, and only {@code seq} and {@code time} are filled in when the sequencer writes the
 * event. As a {@link CommitEvents} it gives each commit its {@code #commit} event, or a
 * {@code #sync} when the commit is over the protocol's limits for one.
 */
public final class FirehoseEvents implements CommitEvents {
    /** Most ops a {@code #commit} may carry (the lexicon's maxLength). */
    public static final int MAX_COMMIT_OPS = 200;
    /** Most bytes of a {@code #commit}'s CAR slice (the lexicon's maxLength of {@code blocks}). */
    public static final int MAX_COMMIT_BLOCKS_BYTES = 2_000_000;

    private final EventClock clock;

    public FirehoseEvents(EventClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EventClock clock() {
        return clock;
    }

    /** The commit's {@code #commit} event (or {@code #sync} when too large for one). */
    @Override
    public List<EventSource> of(CommitResult result) {
        return List.of(commit(result));
    }

    /**
     * The events of an account's creation, in the reference PDS's order: {@code #identity},
     * {@code #account} (active), the first {@code #commit}, and a {@code #sync} of that commit.
     */
    public CommitEvents accountCreation(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        return r -> {
            Did did = Did.parse(r.commit().did());
            return List.of(identity(did, handle), account(did, AccountStatus.ACTIVE), commit(r), sync(r));
        };
    }

    /** A {@code #commit} with every field of the lexicon, or a {@code #sync} past the limits. */
    public EventSource commit(CommitResult r) {
        Objects.requireNonNull(r, "result");
        if (r.ops().size() > MAX_COMMIT_OPS || r.eventBlocks().byteSize() > MAX_COMMIT_BLOCKS_BYTES) {
            return sync(r);
        }
        byte[] car = CarWriter.toBytes(r.cid(), r.eventBlocks());
        if (car.length > MAX_COMMIT_BLOCKS_BYTES) {
            return sync(r);
        }
        List<DataValue> ops = new ArrayList<>(r.ops().size());
        for (RepoOp op : r.ops()) {
            ops.add(op(op));
        }
        DataMap.Builder body = DataMap.builder()
                .put("repo", r.commit().did())
                .put("commit", r.cid())
                .put("rev", r.rev())
                .put("since", r.since() == null ? DataValue.nullValue() : DataValue.of(r.since()))
                .put("blocks", car)
                .put("ops", new DataList(ops))
                // deprecated, still required by the lexicon
                .put("rebase", false)
                .put("tooBig", false)
                .put("blobs", DataList.EMPTY);
        if (r.prevData() != null) {
            body.put("prevData", r.prevData());
        }
        return sequenced(EventType.COMMIT, body);
    }

    /** A {@code #sync} announcing the commit's state: its CAR holds the commit block alone. */
    public EventSource sync(CommitResult r) {
        return sync(Did.parse(r.commit().did()), r.commitBlock(), r.rev());
    }

    public EventSource sync(Did did, Block commitBlock, String rev) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(commitBlock, "commitBlock");
        Objects.requireNonNull(rev, "rev");
        DataMap.Builder body = DataMap.builder()
                .put("did", did.toString())
                .put("blocks", CarWriter.toBytes(commitBlock.cid(), List.of(commitBlock)))
                .put("rev", rev);
        return sequenced(EventType.SYNC, body);
    }

    /** An {@code #identity} event; {@code handle} may be null when the account has none to report. */
    public EventSource identity(Did did, Handle handle) {
        Objects.requireNonNull(did, "did");
        DataMap.Builder body = DataMap.builder().put("did", did.toString());
        if (handle != null) {
            body.put("handle", handle.toString());
        }
        return sequenced(EventType.IDENTITY, body);
    }

    /** An {@code #account} event: active, or not with the reason as {@code status}. */
    public EventSource account(Did did, AccountStatus status) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(status, "status");
        DataMap.Builder body = DataMap.builder().put("did", did.toString()).put("active", status.active());
        if (!status.active()) {
            body.put("status", status.wireName());
        }
        return sequenced(EventType.ACCOUNT, body);
    }

    private EventSource sequenced(EventType type, DataMap.Builder body) {
        FrameTemplate template = FrameTemplate.of(type, body);
        return seq -> template.frame(seq, clock.nowText());
    }

    /** {@code prev} is left out for creates, as the lexicon asks; {@code cid} is null for deletes. */
    private static DataMap op(RepoOp op) {
        DataMap.Builder m = DataMap.builder()
                .put("action", op.action().lexName())
                .put("path", op.path())
                .put("cid", op.cid() == null ? DataValue.nullValue() : DataValue.of(op.cid()));
        if (op.prev() != null) {
            m.put("prev", op.prev());
        }
        return m.build();
    }
}
