package dev.pds.server.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rendered-value memory: the data model's JSON of exactly the stored bytes, and bounded. */
class RenderedRecordsTest {
    static byte[] cbor(String json) {
        return DagCbor.encode(DataJson.read(json));
    }

    @Test
    void aRenderedValueIsTheDataModelJsonAndIsKept() {
        RenderedRecords rendered = new RenderedRecords(1 << 20);
        byte[] block = cbor("{\"text\":\"caf\u00e9 \\ud83d\\ude00\",\"n\":-3,\"l\":{\"$link\":"
                + "\"bafyreidlhma7iacrjsdskfx5uzyb5uwneffkwkd4vmkbv7hx2cc66janoi\"},\"b\":{\"$bytes\":\"aGVsbG8\"}}");
        Cid cid = Cid.ofDagCbor(block);
        assertNull(rendered.get(cid));
        byte[] json = rendered.render(cid, block);
        assertEquals(DataJson.read(new String(json, StandardCharsets.UTF_8)), DagCbor.decode(block),
                "the JSON reads back as the stored value");
        assertSame(json, rendered.get(cid));
        assertEquals(json.length, rendered.heldBytes());
    }

    @Test
    void theBoundHoldsAndTheLeastRecentlyUsedGoFirst() {
        RenderedRecords rendered = new RenderedRecords(64 * 1024);
        Cid first = null;
        Cid recent = null;
        for (int i = 0; i < 2000; i++) {
            byte[] block = cbor("{\"i\":" + i + ",\"text\":\"" + "x".repeat(200) + "\"}");
            Cid cid = Cid.ofDagCbor(block);
            rendered.render(cid, block);
            if (i == 0) {
                first = cid;
            }
            if (i == 1) {
                recent = cid;
            }
            rendered.get(recent == null ? cid : recent); // keeps the second one in use
            assertTrue(rendered.heldBytes() <= 64 * 1024, "held " + rendered.heldBytes());
        }
        assertNull(rendered.get(first), "the oldest unused value went");
        assertTrue(rendered.get(recent) != null, "the one in use stayed");
        assertTrue(rendered.size() > 100, "many values fit: " + rendered.size());
    }

    @Test
    void aValueTooLargeForItsShareIsRenderedButNotKept() {
        RenderedRecords rendered = new RenderedRecords(64 * 1024);
        byte[] block = cbor("{\"text\":\"" + "y".repeat(5000) + "\"}");
        Cid cid = Cid.ofDagCbor(block);
        byte[] json = rendered.render(cid, block);
        assertArrayEquals(json, rendered.render(cid, block));
        assertNull(rendered.get(cid));
        assertEquals(0, rendered.heldBytes());
        RenderedRecords none = new RenderedRecords(0);
        none.render(cid, block);
        assertEquals(0, none.size());
    }
}
