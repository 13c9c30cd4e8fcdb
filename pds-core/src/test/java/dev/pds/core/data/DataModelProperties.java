package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Round trips and canonical-form invariants over random data model values. */
class DataModelProperties {

    @Property(tries = 500)
    void decodeOfEncodeIsIdentity(@ForAll("values") DataValue v) {
        assertEquals(v, DagCbor.decode(DagCbor.encode(v)));
    }

    @Property(tries = 300)
    void encodingIgnoresInsertionOrder(@ForAll("maps") DataMap m, @ForAll Random random) {
        List<Map.Entry<String, DataValue>> entries = new ArrayList<>(m.entries());
        Collections.shuffle(entries, random);
        DataMap.Builder b = DataMap.builder();
        for (Map.Entry<String, DataValue> e : entries) {
            b.put(e.getKey(), e.getValue());
        }
        DataMap shuffled = b.build();
        assertEquals(m, shuffled);
        assertArrayEquals(DagCbor.encode(m), DagCbor.encode(shuffled));
        assertEquals(DagCbor.cidOf(m), DagCbor.cidOf(shuffled));
    }

    @Property(tries = 300)
    void jsonRoundTrip(@ForAll("maps") DataMap m) {
        assertEquals(m, DataJson.readObject(DataJson.writeBytes(m)));
        assertEquals(m, DataJson.fromJsonNode(DataJson.toJsonNode(m)));
    }

    /**
     * The strict decoder accepts only canonical bytes, so whatever it accepts re-encodes to
     * exactly the same bytes; everything else is a DataModelException (never another error).
     */
    @Property(tries = 500)
    void mutatedEncodingsAreRefusedOrCanonical(@ForAll("values") DataValue v, @ForAll Random random) {
        byte[] enc = DagCbor.encode(v);
        byte[] mutated = mutate(enc, random);
        DataValue back;
        try {
            back = DagCbor.decode(mutated);
        } catch (DataModelException e) {
            return;
        }
        assertArrayEquals(mutated, DagCbor.encode(back));
    }

    /** The streaming transcoder writes exactly what the tree-based encoder writes for the decoded value. */
    @Property(tries = 1000)
    void transcodedJsonIsTheTreeEncodersJson(@ForAll("values") DataValue v) {
        byte[] cbor = DagCbor.encode(v);
        assertArrayEquals(DataJson.writeBytes(DagCbor.decode(cbor)), DagCborJson.toJson(cbor));
    }

    /** On damaged bytes the transcoder fails exactly when the strict decoder does, and agrees otherwise. */
    @Property(tries = 1000)
    void transcoderAcceptsWhatTheDecoderAccepts(@ForAll("values") DataValue v, @ForAll Random random) {
        byte[] mutated = mutate(DagCbor.encode(v), random);
        DataValue back;
        try {
            back = DagCbor.decode(mutated);
        } catch (DataModelException e) {
            org.junit.jupiter.api.Assertions.assertThrows(DataModelException.class, () -> DagCborJson.toJson(mutated));
            return;
        }
        assertArrayEquals(DataJson.writeBytes(back), DagCborJson.toJson(mutated));
    }

    @Property(tries = 200)
    void cidRoundTrips(@ForAll("cids") Cid cid) {
        assertEquals(cid, Cid.parse(cid.toString()));
        assertEquals(cid, Cid.fromBytes(cid.toBytes()));
        assertEquals(cid.toString(), Cid.fromBytes(cid.toBytes()).toString());
    }

    private static byte[] mutate(byte[] enc, Random r) {
        int kind = r.nextInt(4);
        int i = r.nextInt(enc.length);
        switch (kind) {
            case 0: { // flip one byte
                byte[] m = enc.clone();
                m[i] = (byte) r.nextInt(256);
                return m;
            }
            case 1: // truncate
                return java.util.Arrays.copyOf(enc, i);
            case 2: { // insert a byte
                byte[] m = new byte[enc.length + 1];
                System.arraycopy(enc, 0, m, 0, i);
                m[i] = (byte) r.nextInt(256);
                System.arraycopy(enc, i, m, i + 1, enc.length - i);
                return m;
            }
            default: { // delete a byte
                byte[] m = new byte[enc.length - 1];
                System.arraycopy(enc, 0, m, 0, i);
                System.arraycopy(enc, i + 1, m, i, enc.length - i - 1);
                return m;
            }
        }
    }

    @Provide
    Arbitrary<DataValue> values() {
        return value(3);
    }

    @Provide
    Arbitrary<DataMap> maps() {
        // up to 24 keys: builders switch from scanning to a hash index past 16
        return Arbitraries.maps(keys(), value(1)).ofMaxSize(24).map(DataMap::of);
    }

    @Provide
    Arbitrary<Cid> cids() {
        return Arbitraries.of(Cid.DAG_CBOR, Cid.RAW, 0x70)
                .flatMap(codec -> Arbitraries.bytes().array(byte[].class).ofSize(32)
                        .map(d -> Cid.of(codec, Cid.SHA2_256, d)));
    }

    private static Arbitrary<String> keys() {
        // short keys over a small alphabet so lengths and bytes collide, plus non-ASCII ones
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abAB_").ofMinLength(0).ofMaxLength(4),
                unicodeStrings(3));
    }

    /** Valid Unicode only: code points outside the surrogate range, including supplementary ones. */
    private static Arbitrary<String> unicodeStrings(int maxLength) {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(maxLength)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    private Arbitrary<DataValue> value(int depth) {
        Arbitrary<DataValue> leaf = Arbitraries.oneOf(
                Arbitraries.just(DataNull.INSTANCE),
                Arbitraries.of(true, false).map(DataBool::of),
                Arbitraries.longs().map(DataInt::new),
                Arbitraries.integers().between(-300, 70000).map(i -> new DataInt(i)),
                Arbitraries.strings().ofMaxLength(30).map(DataString::new)
                        .filter(s -> !hasSurrogate(s.value())),
                unicodeStrings(10).map(DataString::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(DataBytes::new),
                cids().map(DataLink::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<DataValue> child = value(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(1, child.list().ofMaxSize(5).map(DataList::new)),
                Tuple.of(1, Arbitraries.maps(keys(), child).ofMaxSize(5).map(DataMap::of)));
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
