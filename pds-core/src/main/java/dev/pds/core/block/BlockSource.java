package dev.pds.core.block;

import dev.pds.core.data.Cid;
import java.util.Objects;

/**
 * Where blocks are read from by CID: the RocksDB store, a {@link BlockMap} of fresh blocks, a
 * CAR file being imported, or the blocks of a firehose event. The MST loads its nodes through
 * this interface.
 */
public interface BlockSource {
    /** The bytes of the block, or null when this source does not hold it. Callers must not mutate them. */
    byte[] get(Cid cid);

    default boolean has(Cid cid) {
        return get(cid) != null;
    }

    /** The bytes of the block, or a {@link MissingBlockException} when absent. */
    default byte[] require(Cid cid) {
        byte[] bytes = get(cid);
        if (bytes == null) {
            throw new MissingBlockException(cid);
        }
        return bytes;
    }

    /** A source that holds nothing. */
    static BlockSource empty() {
        return cid -> null;
    }

    /** Reads {@code top} first and falls through to {@code base}: fresh blocks over a store. */
    static BlockSource overlay(BlockSource top, BlockSource base) {
        Objects.requireNonNull(top, "top");
        Objects.requireNonNull(base, "base");
        return new BlockSource() {
            @Override
            public byte[] get(Cid cid) {
                byte[] b = top.get(cid);
                return b != null ? b : base.get(cid);
            }

            @Override
            public boolean has(Cid cid) {
                return top.has(cid) || base.has(cid);
            }
        };
    }
}
