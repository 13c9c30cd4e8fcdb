package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataMapTest {
    @Test
    void lookupWorksForSmallAndLargeMaps() {
        // over 8 keys the lookup switches from a scan to a binary search in canonical order
        for (int n : new int[] {0, 1, 8, 9, 40}) {
            DataMap.Builder b = DataMap.builder();
            for (int i = 0; i < n; i++) {
                b.put("k" + "x".repeat(i % 5) + i, i);
            }
            b.put("é" + n, -1);
            DataMap m = b.build();
            assertEquals(n + 1, m.size());
            for (int i = 0; i < n; i++) {
                assertEquals(new DataInt(i), m.get("k" + "x".repeat(i % 5) + i), "n=" + n + " i=" + i);
            }
            assertEquals(new DataInt(-1), m.get("é" + n));
            assertNull(m.get("missing"));
            assertNull(m.get("\uD800"));
            assertFalse(m.containsKey("k"));
        }
    }

    @Test
    void builderReplacesAndRemovesInLargeMaps() {
        DataMap.Builder b = DataMap.builder();
        java.util.TreeMap<String, Long> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 30; i++) {
            b.put("key" + i, i);
            expected.put("key" + i, (long) i);
        }
        for (int i = 0; i < 30; i += 3) {
            b.remove("key" + i);
            expected.remove("key" + i);
        }
        for (int i = 0; i < 30; i += 2) {
            b.put("key" + i, -i);
            expected.put("key" + i, (long) -i);
        }
        assertTrue(b.containsKey("key4"));
        assertFalse(b.containsKey("key3"));
        DataMap m = b.build();
        assertEquals(expected.size(), m.size());
        expected.forEach((k, v) -> assertEquals(new DataInt(v), m.get(k), k));
        Map<String, DataValue> asData = new LinkedHashMap<>();
        expected.forEach((k, v) -> asData.put(k, new DataInt(v)));
        assertEquals(DataMap.of(asData), m);
    }

    @Test
    void iteratesInCanonicalOrder() {
        DataMap m = DataMap.builder().put("ccc", 1).put("b", 2).put("aa", 3).put("a", 4).put("é", 5).build();
        // "é" is two UTF-8 bytes, so it sorts with the two-character keys, after "aa"
        assertEquals(List.of("a", "b", "aa", "é", "ccc"), m.keys());
        List<String> seen = new ArrayList<>();
        m.forEach((k, v) -> seen.add(k + "=" + ((DataInt) v).value()));
        assertEquals(List.of("a=4", "b=2", "aa=3", "é=5", "ccc=1"), seen);
        assertEquals("a", m.entries().get(0).getKey());
        assertEquals(List.of("a", "b", "aa", "é", "ccc"), new ArrayList<>(m.toMap().keySet()));
    }

    @Test
    void typedGetters() {
        Cid cid = Cid.parse(CidTest.DAG_CBOR_CID);
        DataMap inner = DataMap.of("x", new DataInt(1));
        DataMap m = DataMap.builder().put("s", "str").put("l", cid).put("m", inner).put("list", DataValue.list()).putNull("n").build();
        assertEquals("str", m.getString("s"));
        assertEquals(cid, m.getLink("l"));
        assertEquals(inner, m.getMap("m"));
        assertEquals(DataList.EMPTY, m.getList("list"));
        assertNull(m.getString("l"));
        assertNull(m.getLink("s"));
        assertNull(m.getMap("n"));
        assertSame(DataNull.INSTANCE, m.get("n"));
    }

    @Test
    void equalityIgnoresBuildOrderAndBuilderCopies() {
        Map<String, DataValue> a = new LinkedHashMap<>();
        a.put("x", new DataInt(1));
        a.put("yy", new DataString("v"));
        Map<String, DataValue> b = new LinkedHashMap<>();
        b.put("yy", new DataString("v"));
        b.put("x", new DataInt(1));
        assertEquals(DataMap.of(a), DataMap.of(b));
        assertEquals(DataMap.of(a).hashCode(), DataMap.of(b).hashCode());
        DataMap changed = DataMap.of(a).toBuilder().put("x", 2).remove("yy").build();
        assertEquals(DataMap.of("x", new DataInt(2)), changed);
        assertNotEquals(DataMap.of(a), changed);
        assertSame(DataMap.EMPTY, DataMap.builder().build());
    }

    @Test
    void valuesAreImmutable() {
        byte[] raw = {1, 2, 3};
        DataBytes bytes = new DataBytes(raw);
        raw[0] = 9;
        assertEquals(1, bytes.bytes()[0]);
        bytes.bytes()[1] = 9;
        assertEquals(2, bytes.bytes()[1]);
        List<DataValue> items = new ArrayList<>(List.of(new DataInt(1)));
        DataList list = new DataList(items);
        items.add(new DataInt(2));
        assertEquals(1, list.size());
        assertThrows(UnsupportedOperationException.class, () -> list.items().add(DataNull.INSTANCE));
        assertThrows(NullPointerException.class, () -> DataMap.builder().put("k", (DataValue) null));
        assertThrows(NullPointerException.class, () -> new DataList(java.util.Arrays.asList((DataValue) null)));
        assertTrue(new DataBytes(new byte[] {1}).equals(new DataBytes(new byte[] {1})));
    }
}
