package dev.pds.core.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataInt;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarCodecTest {
    private static final Block RECORD = Block.ofDagCbor(DataMap.of("$type", new DataString("app.bsky.feed.post"),
            "text", new DataString("hello")));
    private static final Block NODE = Block.ofDagCbor(DataMap.of("n", new DataInt(7)));
    private static final byte[] BLOB_BYTES = "some raw blob bytes".getBytes(StandardCharsets.UTF_8);
    private static final Block BLOB = new Block(Cid.ofRaw(BLOB_BYTES), BLOB_BYTES);

    @Test
    void headerEncodingIsTheCanonicalMapWithRootsBeforeVersion() {
        Cid root = RECORD.cid();
        byte[] expected = new CarBytes()
                .raw("3a") // 58 bytes follow
                .raw("a2 65").raw("roots".getBytes(StandardCharsets.US_ASCII))
                .raw("81 d8 2a 58 25 00").raw(root.toBytes())
                .raw("67").raw("version".getBytes(StandardCharsets.US_ASCII)).raw("01")
                .build();
        assertArrayEquals(expected, CarWriter.toBytes(root, List.of()));
    }

    @Test
    void aRootlessHeaderIsWrittenForBagsOfBlocksButNotRead() {
        byte[] expected = new CarBytes()
                .raw("11") // 17 bytes follow
                .raw("a2 65").raw("roots".getBytes(StandardCharsets.US_ASCII)).raw("80")
                .raw("67").raw("version".getBytes(StandardCharsets.US_ASCII)).raw("01")
                .build();
        assertArrayEquals(expected, CarWriter.toBytes(CarHeader.withoutRoots(), List.of()));
        assertThrows(IllegalStateException.class, () -> CarHeader.withoutRoots().root());
        assertFails(CarException.Reason.BAD_HEADER, CarWriter.toBytes(CarHeader.withoutRoots(), List.of(RECORD)));
    }

    @Test
    void sectionsAreLengthCidData() {
        byte[] car = CarWriter.toBytes(RECORD.cid(), List.of(RECORD));
        byte[] header = CarWriter.toBytes(RECORD.cid(), List.of());
        byte[] expected = new CarBytes().raw(header).varint(36 + RECORD.size()).raw(RECORD.cid().toBytes()).raw(RECORD.bytes()).build();
        assertArrayEquals(expected, car);
    }

    @Test
    void roundTripFromArrayAndStream() throws IOException {
        List<Block> blocks = List.of(RECORD, NODE, BLOB, RECORD); // duplicates are legal in a CAR
        CarHeader header = new CarHeader(List.of(NODE.cid(), RECORD.cid()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(out, header)) {
            w.writeAll(blocks);
            assertEquals(4, w.blockCount());
            assertEquals(out.size(), w.bytesWritten());
        }
        byte[] car = out.toByteArray();
        assertEquals(blocks, readAllBlocks(CarReader.of(car, CarLimits.DEFAULT)));
        assertEquals(blocks, readAllBlocks(CarReader.open(new ByteArrayInputStream(car), CarLimits.DEFAULT)));
        assertEquals(blocks, readAllBlocks(CarReader.open(new TrickleStream(car), CarLimits.DEFAULT)));
        try (CarReader r = CarReader.of(car, CarLimits.DEFAULT)) {
            assertEquals(header, r.header());
            assertEquals(List.of(NODE.cid(), RECORD.cid()), r.roots());
            Block first = r.next();
            assertArrayEquals(RECORD.bytes(), first.bytes());
        }
        CarContents contents = CarReader.readAll(car, CarLimits.DEFAULT);
        assertEquals(NODE.cid(), contents.root());
        assertEquals(3, contents.blocks().size());
        assertArrayEquals(BLOB_BYTES, contents.blocks().get(BLOB.cid()));
    }

    @Test
    void blocksLargerThanTheStreamBufferAreRead() {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Block b = new Block(Cid.ofRaw(big), big);
        byte[] car = CarWriter.toBytes(b.cid(), List.of(NODE, b, RECORD));
        assertEquals(List.of(NODE, b, RECORD), readAllBlocks(CarReader.open(new TrickleStream(car), CarLimits.DEFAULT)));
    }

    @Test
    void aHeaderOnlyCarHasNoBlocks() {
        try (CarReader r = CarReader.of(new CarBytes().header(RECORD.cid()).build(), CarLimits.DEFAULT)) {
            assertNull(r.next());
            assertNull(r.next());
            assertEquals(0, r.blockCount());
        }
    }

    // ---- malformed input, by hand ----

    @Test
    void emptyInputIsTruncated() {
        assertFails(CarException.Reason.TRUNCATED, new byte[0]);
    }

    @Test
    void truncatedHeaderLength() {
        assertFails(CarException.Reason.TRUNCATED, CarBytes.hex("80"));
    }

    @Test
    void headerShorterThanDeclared() {
        byte[] header = CarHeader.of(RECORD.cid()).encode();
        byte[] car = new CarBytes().varint(header.length).raw(java.util.Arrays.copyOf(header, header.length - 1)).build();
        assertFails(CarException.Reason.TRUNCATED, car);
    }

    @Test
    void zeroHeaderLength() {
        assertFails(CarException.Reason.BAD_HEADER, CarBytes.hex("00"));
    }

    @Test
    void nonMinimalVarint() {
        assertFails(CarException.Reason.BAD_VARINT, CarBytes.hex("81 00"));
        byte[] valid = new CarBytes().header(RECORD.cid()).build();
        assertFails(CarException.Reason.BAD_VARINT, new CarBytes().raw(valid).raw("b8 80 00").build());
    }

    @Test
    void overlongVarint() {
        assertFails(CarException.Reason.BAD_VARINT, CarBytes.hex("ff ff ff ff ff ff ff ff ff 01"));
    }

    @Test
    void headerThatIsNotAMap() {
        assertFails(CarException.Reason.BAD_HEADER, new CarBytes().header(DagCbor.encode(new DataInt(1))).build());
        assertFails(CarException.Reason.BAD_HEADER, new CarBytes().header(CarBytes.hex("80")).build()); // []
    }

    @Test
    void headerThatIsNotDagCbor() {
        assertFails(CarException.Reason.BAD_HEADER, new CarBytes().header(CarBytes.hex("ff ff")).build());
        // a non-canonical map (keys out of order) is refused by the strict decoder
        byte[] unsorted = new CarBytes().raw("a2 67").raw("version".getBytes(StandardCharsets.US_ASCII)).raw("01 65")
                .raw("roots".getBytes(StandardCharsets.US_ASCII)).raw("81 d8 2a 58 25 00").raw(RECORD.cid().toBytes()).build();
        assertFails(CarException.Reason.BAD_HEADER, new CarBytes().header(unsorted).build());
    }

    @Test
    void headerWithWrongOrMissingVersion() {
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("roots", rootsOf(RECORD.cid())).build()));
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("version", 3).put("roots", rootsOf(RECORD.cid())).build()));
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("version", "1").put("roots", rootsOf(RECORD.cid())).build()));
        CarException v2 = assertFails(CarException.Reason.BAD_HEADER, CarBytes.hex("0a a1 67 76 65 72 73 69 6f 6e 02"));
        assertTrue(v2.getMessage().contains("CARv2"), v2.getMessage());
    }

    @Test
    void headerWithoutRoots() {
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("version", 1).build()));
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("version", 1).put("roots", new dev.pds.core.data.DataList(List.of())).build()));
        assertFails(CarException.Reason.BAD_HEADER, headerCar(DataMap.builder().put("version", 1)
                .put("roots", new dev.pds.core.data.DataList(List.of(new DataString(RECORD.cid().toString())))).build()));
    }

    @Test
    void sectionLengthBeyondTheEnd() {
        byte[] car = new CarBytes().header(RECORD.cid()).varint(36 + RECORD.size() + 1).raw(RECORD.cid().toBytes()).raw(RECORD.bytes()).build();
        assertFails(CarException.Reason.TRUNCATED, car);
    }

    @Test
    void inputEndingInsideASectionLength() {
        byte[] car = new CarBytes().header(RECORD.cid()).section(RECORD.cid(), RECORD.bytes()).raw("80").build();
        assertFails(CarException.Reason.TRUNCATED, car);
    }

    @Test
    void trailingGarbageAfterTheLastBlock() {
        byte[] car = new CarBytes().header(RECORD.cid()).section(RECORD.cid(), RECORD.bytes()).raw("03 01 71 12").build();
        CarException e = assertFails(CarException.Reason.BAD_CID, car);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void emptySection() {
        assertFails(CarException.Reason.BAD_CID, new CarBytes().header(RECORD.cid()).raw("00").build());
    }

    @Test
    void sectionShorterThanItsCid() {
        byte[] cid = RECORD.cid().toBytes();
        byte[] car = new CarBytes().header(RECORD.cid()).varint(20).raw(java.util.Arrays.copyOf(cid, 20)).raw(RECORD.bytes()).build();
        assertFails(CarException.Reason.BAD_CID, car);
    }

    @Test
    void cidV0IsRefused() {
        byte[] car = new CarBytes().header(RECORD.cid()).varint(34 + 1).raw("12 20").raw(new byte[32]).raw("00").build();
        assertFails(CarException.Reason.BAD_CID, car);
    }

    @Test
    void blockWhoseBytesDoNotHashToItsCid() {
        byte[] tampered = RECORD.bytes().clone();
        tampered[tampered.length - 1] ^= 1;
        CarException e = assertFails(CarException.Reason.HASH_MISMATCH,
                new CarBytes().header(RECORD.cid()).section(NODE.cid(), NODE.bytes()).section(RECORD.cid(), tampered).build());
        assertTrue(e.getMessage().contains(RECORD.cid().toString()), e.getMessage());
        // the right bytes under the wrong codec do not hash to the CID either
        Cid rawCid = Cid.ofRaw(RECORD.bytes());
        assertFails(CarException.Reason.HASH_MISMATCH,
                new CarBytes().header(RECORD.cid()).section(Cid.of(Cid.DAG_CBOR, Cid.SHA2_256, rawCid.digest()), BLOB_BYTES).build());
    }

    @Test
    void unsupportedCodecAndHash() {
        Cid dagPb = Cid.of(0x70, Cid.SHA2_256, RECORD.cid().digest());
        assertFails(CarException.Reason.UNSUPPORTED_CID, new CarBytes().header(RECORD.cid()).section(dagPb, RECORD.bytes()).build());
        Cid sha512 = Cid.of(Cid.DAG_CBOR, 0x13, new byte[64]);
        CarException e = assertFails(CarException.Reason.UNSUPPORTED_CID,
                new CarBytes().header(RECORD.cid()).section(sha512, RECORD.bytes()).build());
        assertTrue(e.getMessage().contains("0x13"), e.getMessage());
    }

    @Test
    void limits() {
        byte[] car = CarWriter.toBytes(RECORD.cid(), List.of(RECORD, NODE, BLOB));
        assertEquals(3, readAllBlocks(CarReader.of(car, CarLimits.DEFAULT.withMaxBlocks(3))).size());
        assertFails(CarException.Reason.TOO_LARGE, car, CarLimits.DEFAULT.withMaxBlocks(2));
        assertFails(CarException.Reason.TOO_LARGE, car, CarLimits.DEFAULT.withMaxHeaderBytes(57));
        assertEquals(3, readAllBlocks(CarReader.of(car, CarLimits.DEFAULT.withMaxHeaderBytes(58))).size());
        int largest = 36 + Math.max(RECORD.size(), Math.max(NODE.size(), BLOB.size()));
        assertEquals(3, readAllBlocks(CarReader.of(car, CarLimits.DEFAULT.withMaxBlockBytes(largest))).size());
        assertFails(CarException.Reason.TOO_LARGE, car, CarLimits.DEFAULT.withMaxBlockBytes(largest - 1));
        assertEquals(3, readAllBlocks(CarReader.of(car, CarLimits.DEFAULT.withMaxTotalBytes(car.length))).size());
        assertFails(CarException.Reason.TOO_LARGE, car, CarLimits.DEFAULT.withMaxTotalBytes(car.length - 1));
        // a declared size over the limit fails before the reader waits for (or allocates) the bytes
        byte[] huge = new CarBytes().header(RECORD.cid()).varint(1L << 40).build();
        assertFails(CarException.Reason.TOO_LARGE, huge);
    }

    @Test
    void carExceptionIsAnInvalidRequest() {
        CarException e = assertThrows(CarException.class, () -> CarReader.of(new byte[0], CarLimits.DEFAULT));
        assertEquals(400, e.status().code());
        assertEquals("InvalidRequest", e.error());
    }

    // ---- helpers ----

    private static byte[] headerCar(DataMap header) {
        return new CarBytes().header(DagCbor.encode(header)).section(RECORD.cid(), RECORD.bytes()).build();
    }

    private static dev.pds.core.data.DataList rootsOf(Cid cid) {
        return new dev.pds.core.data.DataList(List.of(new dev.pds.core.data.DataLink(cid)));
    }

    static List<Block> readAllBlocks(CarReader r) {
        List<Block> out = new ArrayList<>();
        try (r) {
            for (Block b = r.next(); b != null; b = r.next()) {
                out.add(b);
            }
        }
        return out;
    }

    private static CarException assertFails(CarException.Reason reason, byte[] car) {
        return assertFails(reason, car, CarLimits.DEFAULT);
    }

    /** The same failure from the array reader and the stream reader. */
    private static CarException assertFails(CarException.Reason reason, byte[] car, CarLimits limits) {
        CarException fromArray = assertThrows(CarException.class, () -> readAllBlocks(CarReader.of(car, limits)));
        assertEquals(reason, fromArray.reason(), fromArray.getMessage());
        CarException fromStream = assertThrows(CarException.class, () -> readAllBlocks(CarReader.open(new TrickleStream(car), limits)));
        assertEquals(reason, fromStream.reason(), fromStream.getMessage());
        return fromArray;
    }

    /** A stream that hands out at most 7 bytes per read, like a slow network. */
    static final class TrickleStream extends FilterInputStream {
        TrickleStream(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 7));
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }
    }
}
