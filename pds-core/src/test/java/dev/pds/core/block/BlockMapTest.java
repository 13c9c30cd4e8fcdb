package dev.pds.core.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockMapTest {
    private static Block block(String text) {
        return Block.ofDagCbor(DataMap.of("text", DataValue.of(text)));
    }

    @Test
    void blockOfDagCborHasTheKnownCid() {
        // {"hello": "world"}: map(1), text(5) "hello", text(5) "world"
        Block b = Block.ofDagCbor(DataMap.of("hello", DataValue.of("world")));
        assertEquals("a16568656c6c6f65776f726c64", hex(b.bytes()));
        assertEquals(Cid.ofDagCbor(b.bytes()), b.cid());
        assertTrue(b.verifies());
        assertFalse(new Block(b.cid(), new byte[] {(byte) 0xa0}).verifies());
    }

    @Test
    void keepsInsertionOrderAndCountsBytesOnce() {
        BlockMap map = new BlockMap();
        Block a = block("a");
        Block b = block("bb");
        Block c = block("ccc");
        assertTrue(map.put(c));
        assertTrue(map.put(a));
        assertFalse(map.put(a), "second put of the same CID is refused");
        assertTrue(map.put(b));
        assertEquals(3, map.size());
        assertEquals(a.size() + b.size() + c.size(), map.byteSize());
        List<Cid> order = new ArrayList<>();
        for (Block x : map) {
            order.add(x.cid());
        }
        assertEquals(List.of(c.cid(), a.cid(), b.cid()), order);
        assertEquals(order, map.cids());
        assertSame(a.bytes(), map.get(a.cid()), "bytes are kept by reference");
        assertTrue(map.remove(a.cid()));
        assertFalse(map.remove(a.cid()));
        assertEquals(b.size() + c.size(), map.byteSize());
        assertNull(map.get(a.cid()));
        assertFalse(map.contains(a.cid()));
    }

    @Test
    void putAllAndPutDagCbor() {
        BlockMap one = new BlockMap();
        Cid x = one.putDagCbor(DataMap.of("x", DataValue.of(1)));
        BlockMap two = new BlockMap();
        two.put(block("y"));
        two.putAll(one);
        two.putAll(one);
        assertEquals(2, two.size());
        assertArrayEquals(one.get(x), two.get(x));
    }

    @Test
    void overlayReadsTopThenBase() {
        BlockMap top = new BlockMap();
        BlockMap base = new BlockMap();
        Block a = block("a");
        Block b = block("b");
        top.put(a);
        base.put(b);
        BlockSource both = BlockSource.overlay(top, base);
        assertSame(a.bytes(), both.get(a.cid()));
        assertSame(b.bytes(), both.get(b.cid()));
        assertTrue(both.has(b.cid()));
        Block c = block("c");
        assertNull(both.get(c.cid()));
        MissingBlockException e = assertThrows(MissingBlockException.class, () -> both.require(c.cid()));
        assertEquals(c.cid(), e.cid());
        assertFalse(BlockSource.empty().has(a.cid()));
    }

    @Test
    void blocksAreEqualByCid() {
        Block a = block("a");
        assertEquals(a, new Block(a.cid(), a.bytes().clone()));
        assertThrows(NullPointerException.class, () -> new Block(null, new byte[0]));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
