package dev.pds.core.car;

import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import java.util.Objects;

/** A CAR read whole into memory: its header and its verified blocks. */
public record CarContents(CarHeader header, BlockMap blocks) {
    public CarContents {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(blocks, "blocks");
    }

    public Cid root() {
        return header.root();
    }
}
