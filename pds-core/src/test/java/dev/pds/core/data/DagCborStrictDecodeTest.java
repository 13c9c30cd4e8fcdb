package dev.pds.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-made byte vectors for every rule of the strict decoder. */
class DagCborStrictDecodeTest {
    private static final String DIGEST = "65062a5a5a00fc16d73c6944237ccbc15b1c4a7234489336891d091741a239d0";
    private static final String CID_HEX = "01711220" + DIGEST;

    private static void rejects(String hex, String messagePart) {
        DataModelException e = assertThrows(DataModelException.class, () -> DagCbor.decode(Hex.bytes(hex)), hex);
        assertTrue(e.getMessage().contains(messagePart), () -> "message \"" + e.getMessage() + "\" lacks \"" + messagePart + "\"");
        assertEquals("InvalidRequest", e.error());
        assertEquals(400, e.status().code());
        // the streaming JSON transcoder refuses the same input, for the same reason
        DataModelException t = assertThrows(DataModelException.class, () -> DagCborJson.toJson(Hex.bytes(hex)), hex);
        assertTrue(t.getMessage().contains(messagePart), () -> "transcoder: \"" + t.getMessage() + "\" lacks \"" + messagePart + "\"");
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "f93c00 | floating point | half float 1.0",
        "fa3f800000 | floating point | single float 1.0",
        "fb3ff0000000000000 | floating point | double float 1.0",
        "fb0000000000000000 | floating point | double 0.0",
        "a16161f93c00 | floating point | float inside a map",
        "f7 | undefined | undefined",
        "f0 | simple value | simple value 16",
        "f820 | simple value | one-byte simple value 32",
        "ff | break | lone break",
        "fc | not allowed | reserved simple 28",
    })
    void refusesNonDataModelSimpleValues(String hex, String message, String name) {
        rejects(hex, message);
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "9f01ff | indefinite | indefinite list",
        "bf616101ff | indefinite | indefinite map",
        "5f4101ff | indefinite | indefinite bytes",
        "7f6161ff | indefinite | indefinite string",
        "1f | indefinite | indefinite uint",
        "1c | reserved | reserved additional info 28",
        "3d | reserved | reserved additional info 29 (negative)",
    })
    void refusesIndefiniteAndReservedHeads(String hex, String message, String name) {
        rejects(hex, message);
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "1800 | shortest | 0 in one extra byte",
        "1817 | shortest | 23 in one extra byte",
        "190017 | shortest | 23 in two bytes",
        "1900ff | shortest | 255 in two bytes",
        "1a0000ffff | shortest | 65535 in four bytes",
        "1b00000000ffffffff | shortest | 2^32-1 in eight bytes",
        "3800 | shortest | -1 in one extra byte",
        "3b00000000ffffffff | shortest | negative in eight bytes",
        "5801ff | shortest | byte length 1 in one extra byte",
        "780161 | shortest | string length 1 in one extra byte",
        "980101 | shortest | list length 1 in one extra byte",
        "b9000161610 1 | shortest | map length 1 in two bytes",
        "d9002a582500" + CID_HEX + " | shortest | tag 42 in two bytes",
    })
    void refusesNonShortestIntegersAndLengths(String hex, String message, String name) {
        rejects(hex.replace(" ", ""), message);
    }

    @Test
    void refusesIntegersOutsideSigned64Bits() {
        rejects("1b8000000000000000", "larger than 2^63-1");
        rejects("1bffffffffffffffff", "larger than 2^63-1");
        rejects("3b8000000000000000", "smaller than -2^63");
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "c074323031332d30332d32315432303a30343a30305a | tag 0 | date-time tag 0",
        "c11a514b67b0 | tag 1 | epoch tag 1",
        "c249010000000000000000 | tag 2 | bignum tag 2",
        "d82b4100 | tag 43 | tag 43",
        "d82a4100 | invalid CID | tag 42 with empty-CID bytes after prefix",
        "d82a40 | multibase prefix | tag 42 with empty bytes",
        "d82a01 | byte string | tag 42 wrapping an integer",
        "d82a6161 | byte string | tag 42 wrapping a string",
        "d82a5824" + CID_HEX + " | multibase prefix | tag 42 without the 0x00 prefix",
        "d82a582501" + CID_HEX + " | multibase prefix | tag 42 with prefix 0x01",
        "d82a582600" + CID_HEX + "00 | bytes after the CID | tag 42 with a byte after the CID",
        "d82a5823001220" + DIGEST + " | CIDv0 | tag 42 with a CIDv0",
        "d82a582500" + "02711220" + DIGEST + " | version 2 | tag 42 with CID version 2",
        "d82a5500" + "01711210" + "65062a5a5a00fc16d73c6944237ccbc1 | 32 bytes | tag 42 with a 16-byte sha-256",
        "d82a5100" + "01711220" + "65062a5a5a00fc16d73c6944 | truncated | tag 42 with a truncated digest",
    })
    void refusesTagsOtherThanValidLinks(String hex, String message, String name) {
        rejects(hex.replace(" ", ""), message);
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
        "a2616201616101 | canonical order | keys b, a",
        "a2626161016162 02 | canonical order | longer key first (aa before b)",
        "a2616101616102 | duplicate | duplicate key a",
        "a10101 | not a string | integer key",
        "a1410101 | not a string | byte string key",
        "a1f601 | not a string | null key",
        "a1a00101 | not a string | map key",
        "a161ff01 | UTF-8 | key with invalid UTF-8",
    })
    void refusesBadMapKeys(String hex, String message, String name) {
        rejects(hex.replace(" ", ""), message);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "61ff | lone 0xff",
        "6180 | lone continuation byte",
        "62c0af | overlong 2-byte form of '/'",
        "63e080af | overlong 3-byte form",
        "64f08080af | overlong 4-byte form",
        "63eda080 | UTF-16 surrogate U+D800",
        "64f4908080 | code point past U+10FFFF",
        "62e282 | truncated 3-byte sequence",
        "61c3 | truncated 2-byte sequence",
        "62c328 | bad continuation",
    })
    void refusesInvalidUtf8(String hex, String name) {
        rejects(hex, "UTF-8");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "'' | empty input",
        "18 | uint missing its byte",
        "19 01 | uint missing a byte",
        "1b 00 00 00 01 00 00 00 | 8-byte uint short by one",
        "62 61 | string shorter than its length",
        "43 01 02 | bytes shorter than their length",
        "82 01 | list missing an item",
        "a2 6161 01 6162 | map missing a value",
        "a1 6161 | map missing the only value",
        "d8 | tag missing its number",
        "d82a | tag 42 missing its content",
        "d82a 58 25 00 0171 | tag 42 CID cut short",
        "9b 00 00 00 01 00 00 00 00 | list claiming 2^32 items",
        "5b 7f ff ff ff ff ff ff ff | bytes claiming 2^63-1 length",
    })
    void refusesTruncatedInput(String hex, String name) {
        String h = hex.replace(" ", "");
        DataModelException e = assertThrows(DataModelException.class, () -> DagCbor.decode(Hex.bytes(h)), name);
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("past the end"), e.getMessage());
        DataModelException t = assertThrows(DataModelException.class, () -> DagCborJson.toJson(Hex.bytes(h)), name);
        assertTrue(t.getMessage().contains("truncated") || t.getMessage().contains("past the end"), t.getMessage());
    }

    @Test
    void refusesTrailingBytes() {
        rejects("0000", "trailing bytes");
        rejects("a0a0", "trailing bytes");
        rejects("f6ff", "trailing bytes");
    }

    @Test
    void enforcesSizeLimit() {
        byte[] big = DagCbor.encode(new DataBytes(new byte[1000]));
        DecodeLimits limits = DecodeLimits.DEFAULT.withMaxBytes(1000);
        DataModelException e = assertThrows(DataModelException.class, () -> DagCbor.decode(big, limits));
        assertTrue(e.getMessage().contains("over the limit of 1000"), e.getMessage());
        assertEquals(1000, ((DataBytes) DagCbor.decode(big, DecodeLimits.DEFAULT.withMaxBytes(big.length))).length());
    }

    @Test
    void enforcesNestingLimit() {
        // [[[[0]]]] is depth 4
        byte[] four = Hex.bytes("8181818100");
        assertEquals(4, depth(DagCbor.decode(four, DecodeLimits.DEFAULT.withMaxDepth(4))));
        DataModelException e = assertThrows(DataModelException.class, () -> DagCbor.decode(four, DecodeLimits.DEFAULT.withMaxDepth(3)));
        assertTrue(e.getMessage().contains("nesting deeper than the limit of 3"), e.getMessage());
        // maps count too: {"a":{"a":{}}} is depth 3
        byte[] maps = Hex.bytes("a16161a16161a0");
        assertThrows(DataModelException.class, () -> DagCbor.decode(maps, DecodeLimits.DEFAULT.withMaxDepth(2)));
        DagCbor.decode(maps, DecodeLimits.DEFAULT.withMaxDepth(3));
        // a deep bomb under the default limit fails cleanly, not with a stack overflow
        byte[] bomb = new byte[100_000];
        java.util.Arrays.fill(bomb, (byte) 0x81);
        assertThrows(DataModelException.class, () -> DagCbor.decode(bomb));
    }

    @Test
    void enforcesItemLimit() {
        byte[] lists = Hex.bytes("83 820102 8103 04".replace(" ", "")); // 3 + 2 + 1 = 6 items
        DagCbor.decode(lists, DecodeLimits.DEFAULT.withMaxItems(6));
        DataModelException e = assertThrows(DataModelException.class, () -> DagCbor.decode(lists, DecodeLimits.DEFAULT.withMaxItems(5)));
        assertTrue(e.getMessage().contains("limit of 5"), e.getMessage());
        byte[] map = Hex.bytes("a2616101616202");
        assertThrows(DataModelException.class, () -> DagCbor.decode(map, DecodeLimits.DEFAULT.withMaxItems(1)));
    }

    @Test
    void acceptsCanonicalEdgeValues() {
        assertEquals(new DataInt(24), DagCbor.decode(Hex.bytes("1818")));
        assertEquals(new DataInt(4294967296L), DagCbor.decode(Hex.bytes("1b0000000100000000")));
        assertEquals(new DataString("\uD83D\uDE00"), DagCbor.decode(Hex.bytes("64f09f9880")));
        assertEquals(new DataString("\uFFFF"), DagCbor.decode(Hex.bytes("63efbfbf")));
        assertEquals(new DataLink(Cid.fromBytes(Hex.bytes(CID_HEX))), DagCbor.decode(Hex.bytes("d82a582500" + CID_HEX)));
    }

    private static int depth(DataValue v) {
        if (v instanceof DataList l) {
            int d = 0;
            for (DataValue i : l.items()) {
                d = Math.max(d, depth(i));
            }
            return 1 + d;
        }
        return 0;
    }
}
