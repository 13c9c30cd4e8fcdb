package dev.pds.core.events;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBool;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataNull;
import dev.pds.core.data.DataString;
import dev.pds.core.data.DataValue;
import dev.pds.core.data.DecodeLimits;
import dev.pds.core.repo.RepoOp;
import dev.pds.core.repo.WriteAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes firehose frames: two canonical DAG-CBOR values back to back (header, then body),
 * nothing after them, and the body's fields as the subscribeRepos lexicon requires.
 */
public final class FrameDecoder {
    /** Frames hold at most a 2,000,000-byte CAR plus small fields. */
    public static final DecodeLimits LIMITS = DecodeLimits.DEFAULT.withMaxBytes(3 * 1024 * 1024);

    private FrameDecoder() {
    }

    /** The header and the body map of a frame, without reading the body's fields. */
    public record RawFrame(int op, String type, DataMap body) {
    }

    public static RawFrame decodeRaw(byte[] frame) {
        try {
            DagCbor.Decoded header = DagCbor.decodeFirst(frame, 0, frame.length, LIMITS);
            if (header.end() >= frame.length) {
                throw new EventFormatException("frame has a header and no body");
            }
            DataValue body = DagCbor.decode(frame, header.end(), frame.length - header.end(), LIMITS);
            if (!(header.value() instanceof DataMap h)) {
                throw new EventFormatException("frame header is not a map");
            }
            if (!(body instanceof DataMap b)) {
                throw new EventFormatException("frame body is not a map");
            }
            long op = integer(h, "op");
            if (op == 1) {
                return new RawFrame(1, string(h, "t"), b);
            }
            if (op == -1) {
                if (h.containsKey("t")) {
                    throw new EventFormatException("error frame header has a type");
                }
                return new RawFrame(-1, null, b);
            }
            throw new EventFormatException("unknown frame op " + op);
        } catch (DataModelException e) {
            throw new EventFormatException("frame is not DAG-CBOR: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a logged frame is about {@code did} (a {@code #commit}'s repo, the did of
     * {@code #sync}, {@code #identity} and {@code #account}) and is not the {@code #account}
     * event saying the account was deleted: the events erased when an account goes for good.
     */
    public static boolean erasedWithAccount(byte[] frame, String did) {
        RawFrame raw = decodeRaw(frame);
        if (raw.op() != 1) {
            return false;
        }
        String subject = EventType.COMMIT.tag().equals(raw.type()) ? stringOrNull(raw.body(), "repo")
                : stringOrNull(raw.body(), "did");
        boolean deletionNotice = EventType.ACCOUNT.tag().equals(raw.type())
                && AccountStatus.DELETED.wireName().equals(stringOrNull(raw.body(), "status"));
        return did.equals(subject) && !deletionNotice;
    }

    private static String stringOrNull(DataMap m, String key) {
        return m.get(key) instanceof DataString s ? s.value() : null;
    }

    public static StreamMessage decode(byte[] frame) {
        RawFrame raw = decodeRaw(frame);
        DataMap b = raw.body();
        if (raw.op() == -1) {
            return new StreamMessage.Error(string(b, "error"), optionalString(b, "message"));
        }
        EventType type = EventType.ofTag(raw.type());
        if (type == null) {
            return new StreamMessage.Unknown(raw.type(), b);
        }
        return switch (type) {
            case COMMIT -> new StreamMessage.Commit(integer(b, "seq"), string(b, "repo"), link(b, "commit"), string(b, "rev"),
                    nullableString(b, "since"), bytes(b, "blocks"), ops(b), optionalLink(b, "prevData"), string(b, "time"),
                    bool(b, "rebase"), bool(b, "tooBig"), links(b, "blobs"));
            case SYNC -> new StreamMessage.Sync(integer(b, "seq"), string(b, "did"), bytes(b, "blocks"), string(b, "rev"),
                    string(b, "time"));
            case IDENTITY -> new StreamMessage.Identity(integer(b, "seq"), string(b, "did"), string(b, "time"),
                    optionalString(b, "handle"));
            case ACCOUNT -> new StreamMessage.Account(integer(b, "seq"), string(b, "did"), string(b, "time"), bool(b, "active"),
                    optionalString(b, "status"));
            case INFO -> new StreamMessage.Info(string(b, "name"), optionalString(b, "message"));
        };
    }

    private static List<RepoOp> ops(DataMap b) {
        if (!(b.get("ops") instanceof DataList list)) {
            throw missing("ops", "a list");
        }
        List<RepoOp> out = new ArrayList<>(list.size());
        for (DataValue v : list.items()) {
            if (!(v instanceof DataMap op)) {
                throw new EventFormatException("op is not a map");
            }
            WriteAction action = action(string(op, "action"));
            if (!op.containsKey("cid")) {
                throw missing("cid", "a link or null");
            }
            Cid cid = op.get("cid") instanceof DataNull ? null : link(op, "cid");
            Cid prev = optionalLink(op, "prev");
            if ((action == WriteAction.DELETE) != (cid == null)) {
                throw new EventFormatException("op " + action.lexName() + " has " + (cid == null ? "no" : "a") + " cid");
            }
            out.add(new RepoOp(action, string(op, "path"), cid, prev));
        }
        return out;
    }

    private static WriteAction action(String s) {
        for (WriteAction a : WriteAction.values()) {
            if (a.lexName().equals(s)) {
                return a;
            }
        }
        throw new EventFormatException("unknown op action: " + s);
    }

    private static long integer(DataMap m, String key) {
        if (m.get(key) instanceof DataInt i) {
            return i.value();
        }
        throw missing(key, "an integer");
    }

    private static boolean bool(DataMap m, String key) {
        if (m.get(key) instanceof DataBool b) {
            return b.value();
        }
        throw missing(key, "a boolean");
    }

    private static String string(DataMap m, String key) {
        if (m.get(key) instanceof DataString s) {
            return s.value();
        }
        throw missing(key, "a string");
    }

    private static String optionalString(DataMap m, String key) {
        return m.containsKey(key) ? string(m, key) : null;
    }

    private static String nullableString(DataMap m, String key) {
        if (m.get(key) instanceof DataNull) {
            return null;
        }
        return string(m, key);
    }

    private static byte[] bytes(DataMap m, String key) {
        if (m.get(key) instanceof DataBytes b) {
            return b.bytes();
        }
        throw missing(key, "bytes");
    }

    private static Cid link(DataMap m, String key) {
        if (m.get(key) instanceof DataLink l) {
            return l.cid();
        }
        throw missing(key, "a link");
    }

    private static Cid optionalLink(DataMap m, String key) {
        return m.containsKey(key) ? link(m, key) : null;
    }

    private static List<Cid> links(DataMap m, String key) {
        if (!(m.get(key) instanceof DataList list)) {
            throw missing(key, "a list");
        }
        List<Cid> out = new ArrayList<>(list.size());
        for (DataValue v : list.items()) {
            if (!(v instanceof DataLink l)) {
                throw new EventFormatException(key + " holds something other than links");
            }
            out.add(l.cid());
        }
        return out;
    }

    private static EventFormatException missing(String key, String what) {
        return new EventFormatException("field " + key + " must be " + what);
    }
}
