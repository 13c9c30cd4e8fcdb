package dev.pds.server.records;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCborJson;
import dev.pds.core.data.JsonText;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Record values already rendered as JSON, by record CID. A CID names its bytes, so an entry can
 * never be stale: an updated record has a new CID. Bounded by the bytes held; the least recently
 * used entries go first. Saves listRecords both the block read and the transcoding of records
 * that are asked for again, which on a busy PDS is most of them.
 */
public final class RenderedRecords {
    /** The default bound: about 40,000 typical posts. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    /** A value larger than this share of the bound is rendered every time instead of pushing out many small ones. */
    private static final int LARGEST_SHARE = 64;

    private final long maxBytes;
    private final Map<Cid, byte[]> values = new LinkedHashMap<>(1024, 0.75f, true);
    private long heldBytes;

    public RenderedRecords(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxBytes = maxBytes;
    }

    /** The JSON of the value whose CID this is, if it was rendered before and is still held. */
    public synchronized byte[] get(Cid cid) {
        return values.get(cid);
    }

    /**
     * The JSON of a record value from its DAG-CBOR bytes, which must be the block {@code cid}
     * names; kept for next time.
     */
    public byte[] render(Cid cid, byte[] dagCbor) {
        Objects.requireNonNull(cid, "cid");
        JsonText out = new JsonText(dagCbor.length * 2 + 16);
        DagCborJson.write(dagCbor, out);
        byte[] json = out.toByteArray();
        if (json.length <= maxBytes / LARGEST_SHARE) {
            keep(cid, json);
        }
        return json;
    }

    private synchronized void keep(Cid cid, byte[] json) {
        byte[] previous = values.put(cid, json);
        heldBytes += json.length - (previous == null ? 0 : previous.length);
        Iterator<byte[]> eldest = values.values().iterator();
        while (heldBytes > maxBytes && eldest.hasNext()) {
            heldBytes -= eldest.next().length;
            eldest.remove();
        }
    }

    /** Bytes of JSON held now. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    public synchronized int size() {
        return values.size();
    }
}
