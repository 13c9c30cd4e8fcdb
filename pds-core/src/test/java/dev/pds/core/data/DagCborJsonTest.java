package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming DAG-CBOR to JSON transcoder against the tree-based path ({@code DagCbor.decode}
 * then {@code DataJson.write}, on Jackson's generator) on values records hold: blobs, bytes,
 * links, every ASCII character, non-ASCII text, deep nesting, integer extremes.
 */
class DagCborJsonTest {
    private static final Cid CID = Cid.parse("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
    private static final Cid RAW = Cid.ofRaw("a blob".getBytes(StandardCharsets.UTF_8));

    private static void same(DataValue v) {
        byte[] cbor = DagCbor.encode(v);
        byte[] expected = DataJson.writeBytes(DagCbor.decode(cbor));
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(DagCborJson.toJson(cbor), StandardCharsets.UTF_8));
        assertArrayEquals(expected, DagCborJson.toJson(cbor));
    }

    @Test
    void everyAsciiCharacterIsEscapedAsJacksonEscapesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            all.append(c);
            same(new DataString(String.valueOf(c)));
        }
        same(new DataString(all.toString()));
        same(DataMap.builder().put(all.toString(), new DataString("key with every ASCII character")).build());
        // the escapes themselves, spelled out, so the comparison above is not of two wrong answers
        assertEquals("\"\\u0000\\b\\t\\n\\f\\r\\u001F\\\"\\\\/\u007F\"", new String(DagCborJson.toJson(DagCbor.encode(
                new DataString("\u0000\b\t\n\f\r\u001F\"\\/\u007F"))), StandardCharsets.UTF_8));
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8() {
        for (String s : List.of("é", "naïve café", "日本語のテキスト", "emoji \uD83D\uDE00\uD83C\uDDEB\uD83C\uDDF7", "\u2028\u2029",
                "\uFFFF", "\u0080\u07FF\u0800", "mixed \"quoted\" \u00e9\n\ttabs 🎉")) {
            same(new DataString(s));
            same(DataMap.builder().put(s, new DataString(s)).put("$type", new DataString("app.bsky.feed.post")).build());
        }
    }

    @Test
    void recordShapes() {
        DataMap blob = DataMap.builder().put("$type", new DataString("blob")).put("ref", new DataLink(RAW))
                .put("mimeType", new DataString("image/png")).put("size", new DataInt(12345)).build();
        DataMap facet = DataMap.builder()
                .put("index", DataMap.builder().put("byteStart", new DataInt(0)).put("byteEnd", new DataInt(5)).build())
                .put("features", new DataList(List.of(DataMap.builder()
                        .put("$type", new DataString("app.bsky.richtext.facet#link"))
                        .put("uri", new DataString("https://example.com/?a=1&b=\"2\"")).build()))).build();
        DataMap post = DataMap.builder()
                .put("$type", new DataString("app.bsky.feed.post"))
                .put("text", new DataString("hello 🌍 world"))
                .put("createdAt", new DataString("2024-01-01T00:00:00.000Z"))
                .put("langs", new DataList(List.of(new DataString("en"), new DataString("fr"))))
                .put("facets", new DataList(List.of(facet)))
                .put("embed", DataMap.builder().put("$type", new DataString("app.bsky.embed.images"))
                        .put("images", new DataList(List.of(DataMap.builder().put("image", blob)
                                .put("alt", new DataString("")).build()))).build())
                .put("reply", DataMap.builder().put("root", DataMap.builder().put("cid", new DataString(CID.toString()))
                        .put("uri", new DataString("at://did:plc:x/app.bsky.feed.post/3k")).build()).build())
                .put("link", new DataLink(CID))
                .put("bytes", DataBytes.wrap(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe}))
                .put("empty", DataBytes.wrap(new byte[0]))
                .put("flags", new DataList(List.of(DataBool.TRUE, DataBool.FALSE, DataNull.INSTANCE)))
                .put("emptyList", DataList.EMPTY)
                .put("emptyMap", DataMap.EMPTY)
                .build();
        same(post);
        same(blob);
        same(facet);
    }

    @Test
    void integersAndNesting() {
        for (long n : new long[] {0, 1, 9, 10, 23, 24, 255, 256, 65535, 65536, 4294967295L, 4294967296L,
                Long.MAX_VALUE, -1, -10, -24, -25, -256, -257, Long.MIN_VALUE}) {
            same(new DataInt(n));
        }
        DataValue nested = new DataString("bottom");
        for (int i = 0; i < 60; i++) {
            nested = i % 2 == 0 ? new DataList(List.of(nested, new DataInt(i))) : DataMap.builder().put("k" + i, nested).build();
        }
        same(nested);
        List<DataValue> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new DataInt(i * 7919L - 3000));
        }
        same(new DataList(many));
    }

    @Test
    void limitsAreTheDecodersLimits() {
        DataValue deep = DataList.EMPTY;
        for (int i = 0; i < 70; i++) {
            deep = new DataList(List.of(deep));
        }
        byte[] cbor = DagCbor.encode(deep);
        assertThrows(DataModelException.class, () -> DagCbor.decode(cbor));
        DataModelException e = assertThrows(DataModelException.class, () -> DagCborJson.toJson(cbor));
        assertEquals(true, e.getMessage().contains("nesting deeper"), e.getMessage());
        byte[] small = DagCbor.encode(new DataString("x".repeat(100)));
        assertThrows(DataModelException.class,
                () -> DagCborJson.write(small, DecodeLimits.DEFAULT.withMaxBytes(50), new JsonText(16)));
    }

    @Test
    void jsonTextStringsMatchJackson() {
        JsonText out = new JsonText(4);
        out.raw('[').string("plain").raw(',').string("é\"\u0001🎉").raw(',').number(-42).raw(',').number(7).raw(',')
                .bool(true).raw(',').cid(CID).raw(']');
        assertEquals("[\"plain\",\"é\\\"\\u0001\\uD83C\\uDF89\",-42,7,true,\"" + CID + "\"]",
                new String(out.toByteArray(), StandardCharsets.UTF_8));
        assertThrows(DataModelException.class, () -> new JsonText(4).string("bad \uD800 surrogate"));
    }
}
