package dev.pds.core.car;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataModelException;
import dev.pds.core.data.DataValue;
import dev.pds.core.data.DecodeLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The CARv1 header, DAG-CBOR {@code {version: 1, roots: [CID, ...]}}. atproto CAR files we read
 * always name at least one root (a repo export's root is its commit), so the reader refuses an
 * empty list; the one rootless CAR we write is {@code getBlocks}'s bag of blocks.
 */
public record CarHeader(List<Cid> roots) {
    public static final int VERSION = 1;

    public CarHeader {
        roots = List.copyOf(roots);
    }

    public static CarHeader of(Cid root) {
        return new CarHeader(List.of(root));
    }

    /** A header with no roots ({@code com.atproto.sync.getBlocks} answers so, as the reference PDS does). */
    public static CarHeader withoutRoots() {
        return new CarHeader(List.of());
    }

    /** The first root: for atproto, the commit (export, proof) or the event's commit. */
    public Cid root() {
        if (roots.isEmpty()) {
            throw new IllegalStateException("this CAR header has no root");
        }
        return roots.get(0);
    }

    /** The header's DAG-CBOR bytes (without the length prefix). */
    public byte[] encode() {
        List<DataValue> links = new ArrayList<>(roots.size());
        for (Cid c : roots) {
            links.add(new DataLink(c));
        }
        return DagCbor.encode(DataMap.of("version", new DataInt(VERSION), "roots", new DataList(links)));
    }

    /** Decodes exactly {@code length} header bytes at {@code offset}. */
    static CarHeader decode(byte[] buf, int offset, int length) {
        DataValue value;
        try {
            value = DagCbor.decode(buf, offset, length, DecodeLimits.DEFAULT.withMaxBytes(Math.max(length, 1)));
        } catch (DataModelException e) {
            throw new CarException(CarException.Reason.BAD_HEADER, "header is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(value instanceof DataMap map)) {
            throw bad("header is not a map");
        }
        DataValue version = map.get("version");
        if (!(version instanceof DataInt v)) {
            throw bad("header has no integer version");
        }
        if (v.value() == 2) {
            throw bad("CARv2 is not supported (only CARv1)");
        }
        if (v.value() != VERSION) {
            throw bad("unsupported CAR version " + v.value());
        }
        DataValue roots = map.get("roots");
        if (!(roots instanceof DataList list)) {
            throw bad("header has no roots list");
        }
        if (list.size() == 0) {
            throw bad("header has no roots");
        }
        List<Cid> cids = new ArrayList<>(list.size());
        for (DataValue item : list.items()) {
            if (!(item instanceof DataLink link)) {
                throw bad("header roots must all be CID links");
            }
            cids.add(link.cid());
        }
        return new CarHeader(cids);
    }

    private static CarException bad(String message) {
        return new CarException(CarException.Reason.BAD_HEADER, message);
    }
}
