package dev.pds.core.block;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A mutable, insertion-ordered collection of blocks, for gathering what one commit writes or
 * what one event carries. Not thread-safe: it belongs to the one writer building it. Bytes are
 * kept by reference (see {@link Block}).
 */
public final class BlockMap implements BlockSource, Iterable<Block> {
    private final LinkedHashMap<Cid, byte[]> blocks = new LinkedHashMap<>();
    private long byteSize;

    public BlockMap() {
    }

    /** Adds a block; returns false (and keeps the first bytes) when the CID is already here. */
    public boolean put(Cid cid, byte[] bytes) {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(bytes, "bytes");
        if (blocks.putIfAbsent(cid, bytes) != null) {
            return false;
        }
        byteSize += bytes.length;
        return true;
    }

    public boolean put(Block block) {
        return put(block.cid(), block.bytes());
    }

    /** Encodes {@code value} as DAG-CBOR, adds it, and returns its CID. */
    public Cid putDagCbor(DataValue value) {
        Block b = Block.ofDagCbor(value);
        put(b);
        return b.cid();
    }

    public void putAll(BlockMap other) {
        for (Map.Entry<Cid, byte[]> e : other.blocks.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /** Removes a block; returns whether it was here. */
    public boolean remove(Cid cid) {
        byte[] old = blocks.remove(cid);
        if (old == null) {
            return false;
        }
        byteSize -= old.length;
        return true;
    }

    @Override
    public byte[] get(Cid cid) {
        return blocks.get(cid);
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid);
    }

    public boolean contains(Cid cid) {
        return blocks.containsKey(cid);
    }

    public int size() {
        return blocks.size();
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Sum of the block sizes in bytes (CIDs not counted). */
    public long byteSize() {
        return byteSize;
    }

    /** The CIDs in insertion order (a copy). */
    public List<Cid> cids() {
        return new ArrayList<>(blocks.keySet());
    }

    @Override
    public Iterator<Block> iterator() {
        Iterator<Map.Entry<Cid, byte[]>> it = blocks.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Block next() {
                Map.Entry<Cid, byte[]> e = it.next();
                return new Block(e.getKey(), e.getValue());
            }
        };
    }

    @Override
    public String toString() {
        return "BlockMap[" + blocks.size() + " blocks, " + byteSize + " bytes]";
    }
}
