package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CidTest {
    // from the atproto interop data-model fixtures: the CID of {"a":{"$link":...},"b":...,"c":blob}
    static final String DAG_CBOR_CID = "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a";
    static final String RAW_CID = "bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity";

    @Test
    void cidOfRawBytesMatchesKnownValue() {
        // sha-256("hello world") = b94d27b9..., raw codec; value checked with the multiformats CLI form
        Cid cid = Cid.ofRaw("hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals(Cid.RAW, cid.codec());
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", Hex.hex(cid.digest()));
        assertEquals("015512 20b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9".replace(" ", ""), Hex.hex(cid.toBytes()));
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.toString());
        assertEquals(cid, Cid.parse(cid.toString()));
    }

    @Test
    void cidOfDagCborBlockOfEmptyMap() {
        // sha-256 of the one byte a0 (an empty map)
        Cid cid = Cid.ofDagCbor(new byte[] {(byte) 0xa0});
        assertEquals(Cid.DAG_CBOR, cid.codec());
        assertTrue(cid.toString().startsWith("bafyrei"));
        assertEquals(36, cid.byteLength());
        assertTrue(cid.isBlessed());
        assertEquals(Cid.SHA2_256, cid.hashType());
    }

    @Test
    void parseRoundTripsThroughBytes() {
        for (String s : new String[] {DAG_CBOR_CID, RAW_CID}) {
            Cid cid = Cid.parse(s);
            assertEquals(s, cid.toString());
            Cid back = Cid.fromBytes(cid.toBytes());
            assertEquals(cid, back);
            assertEquals(cid.hashCode(), back.hashCode());
            assertEquals(s, back.toString());
        }
        assertEquals(Cid.DAG_CBOR, Cid.parse(DAG_CBOR_CID).codec());
        assertEquals(Cid.RAW, Cid.parse(RAW_CID).codec());
    }

    @Test
    void otherCodecsParseButAreNotBlessed() {
        // dag-pb (0x70) CIDv1 from the IPFS docs: a valid CID, not one atproto writes
        Cid cid = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        assertEquals(0x70, cid.codec());
        assertFalse(cid.isBlessed());
    }

    @Test
    void readFindsCidInsideLargerBuffer() throws Exception {
        Cid a = Cid.parse(DAG_CBOR_CID);
        Cid b = Cid.parse(RAW_CID);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(7);
        a.writeTo(out);
        b.writeTo(out);
        byte[] buf = out.toByteArray();
        Cid first = Cid.read(buf, 1);
        assertEquals(a, first);
        Cid second = Cid.read(buf, 1 + first.byteLength());
        assertEquals(b, second);
        byte[] copy = new byte[36];
        assertEquals(36, b.copyTo(copy, 0));
        assertArrayEquals(b.toBytes(), copy);
    }

    @Test
    void toBytesIsACopy() {
        Cid a = Cid.parse(DAG_CBOR_CID);
        byte[] b = a.toBytes();
        b[5] ^= 1;
        assertEquals(DAG_CBOR_CID, Cid.fromBytes(a.toBytes()).toString());
        assertNotEquals(a, Cid.fromBytes(b));
    }

    @Test
    void comparesByBytes() {
        Cid a = Cid.fromBytes(Hex.bytes("01711220" + "00".repeat(32)));
        Cid b = Cid.fromBytes(Hex.bytes("01711220" + "ff" + "00".repeat(31)));
        assertTrue(a.compareTo(b) < 0);
        assertTrue(b.compareTo(a) > 0);
        assertEquals(0, a.compareTo(Cid.fromBytes(a.toBytes())));
    }

    @Test
    void ofPartsBuildsTheSameCid() {
        Cid a = Cid.parse(DAG_CBOR_CID);
        assertEquals(a, Cid.of(Cid.DAG_CBOR, Cid.SHA2_256, a.digest()));
    }

    @Test
    void refusesBadStrings() {
        String[] bad = {
            "", "b", "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR",
            "zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7", // base58btc: valid IPFS, not atproto's form
            "B" + DAG_CBOR_CID.substring(1).toUpperCase(),
            DAG_CBOR_CID + " ", " " + DAG_CBOR_CID, DAG_CBOR_CID.substring(0, 40),
            DAG_CBOR_CID + "a", "bafyrei!", DAG_CBOR_CID.replace('a', '1'),
        };
        for (String s : bad) {
            DataModelException e = assertThrows(DataModelException.class, () -> Cid.parse(s), s);
            assertEquals("InvalidRequest", e.error());
            assertFalse(Cid.isValid(s), s);
        }
    }

    @Test
    void refusesBadBinary() {
        String digest = "00".repeat(32);
        String[] bad = {
            "", // empty
            "1220" + digest, // CIDv0
            "02711220" + digest, // version 2
            "00711220" + digest, // version 0 prefix
            "01711220" + digest.substring(2), // truncated digest
            "01711220" + digest + "00", // trailing byte
            "01711210" + "00".repeat(16), // sha-256 with a 16-byte digest
            "01711200", // empty digest
            "0171128001" + "00".repeat(128), // digest length over 64
            "01f10012 20" + digest, // non-minimal varint (0xf1 0x00)
            "01ffffffffffffffffff01", // varint over 9 bytes
        };
        for (String h : bad) {
            assertThrows(DataModelException.class, () -> Cid.fromBytes(Hex.bytes(h)), h);
        }
    }
}
