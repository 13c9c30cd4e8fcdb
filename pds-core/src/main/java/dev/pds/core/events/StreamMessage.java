package dev.pds.core.events;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.RepoOp;
import java.util.List;

/**
 * One decoded frame of {@code com.atproto.sync.subscribeRepos}, as a consumer sees it (tests,
 * tools). {@link FrameDecoder} builds these, checking every field the lexicon requires.
 */
public sealed interface StreamMessage {
    /** The sequence number, or -1 for frames that carry none ({@code #info}, errors). */
    long seq();

    record Commit(long seq, String repo, Cid commit, String rev, String since, byte[] blocks, List<RepoOp> ops,
                  Cid prevData, String time, boolean rebase, boolean tooBig, List<Cid> blobs) implements StreamMessage {
    }

    record Sync(long seq, String did, byte[] blocks, String rev, String time) implements StreamMessage {
    }

    /** {@code handle} is null when the event carries none. */
    record Identity(long seq, String did, String time, String handle) implements StreamMessage {
    }

    /** {@code status} is null when the event carries none (an active account). */
    record Account(long seq, String did, String time, boolean active, String status) implements StreamMessage {
    }

    record Info(String name, String message) implements StreamMessage {
        @Override
        public long seq() {
            return -1;
        }
    }

    /** An error frame: the server closes the stream after it. */
    record Error(String error, String message) implements StreamMessage {
        @Override
        public long seq() {
            return -1;
        }
    }

    /** A message type this decoder does not know; consumers skip these. */
    record Unknown(String type, DataMap body) implements StreamMessage {
        @Override
        public long seq() {
            return body.get("seq") instanceof dev.pds.core.data.DataInt i ? i.value() : -1;
        }
    }
}
