package dev.pds.core.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.block.Block;
import dev.pds.core.data.Cid;
import dev.pds.core.data.Varint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random blocks written and read back; random damage always detected. */
class CarProperties {

    @Property(tries = 100)
    void writeThenReadGivesTheSameBlocks(@ForAll("blockLists") List<Block> blocks, @ForAll Random random) {
        byte[] car = CarWriter.toBytes(blocks.get(0).cid(), blocks);
        assertSameBlocks(blocks, CarCodecTest.readAllBlocks(CarReader.of(car, CarLimits.DEFAULT)));
        assertSameBlocks(blocks, CarCodecTest.readAllBlocks(CarReader.open(new ChunkedStream(car, random), CarLimits.DEFAULT)));
    }

    /** Cutting a CAR anywhere either ends it cleanly at a section boundary or fails as truncated. */
    @Property(tries = 100)
    void everyPrefixIsACleanPrefixOrTruncated(@ForAll("blockLists") List<Block> blocks, @ForAll @IntRange(min = 0, max = 100_000) int cutSeed) {
        byte[] car = CarWriter.toBytes(blocks.get(0).cid(), blocks);
        List<Integer> boundaries = new ArrayList<>();
        int p = CarWriter.toBytes(blocks.get(0).cid(), List.of()).length;
        boundaries.add(p);
        for (Block b : blocks) {
            p += Varint.size(36L + b.size()) + 36 + b.size();
            boundaries.add(p);
        }
        int cut = cutSeed % car.length;
        byte[] prefix = Arrays.copyOf(car, cut);
        int whole = boundaries.indexOf(cut);
        if (whole >= 0) {
            assertSameBlocks(blocks.subList(0, whole), CarCodecTest.readAllBlocks(CarReader.of(prefix, CarLimits.DEFAULT)));
        } else {
            CarException e = assertThrows(CarException.class, () -> CarCodecTest.readAllBlocks(CarReader.of(prefix, CarLimits.DEFAULT)));
            // a cut inside a CID leaves a section too short for it
            assertTrue(e.reason() == CarException.Reason.TRUNCATED || e.reason() == CarException.Reason.BAD_CID
                    || e.reason() == CarException.Reason.BAD_HEADER, e.getMessage());
        }
    }

    /** Flipping one bit of a block's data is always caught by the hash check. */
    @Property(tries = 100)
    void anyFlippedDataBitIsCaught(@ForAll("blockLists") List<Block> blocks, @ForAll Random random) {
        byte[] car = CarWriter.toBytes(blocks.get(0).cid(), blocks);
        int p = CarWriter.toBytes(blocks.get(0).cid(), List.of()).length;
        int i = random.nextInt(blocks.size());
        for (int k = 0; k < i; k++) {
            p += Varint.size(36L + blocks.get(k).size()) + 36 + blocks.get(k).size();
        }
        Block victim = blocks.get(i);
        if (victim.size() == 0) {
            return;
        }
        int dataStart = p + Varint.size(36L + victim.size()) + 36;
        car[dataStart + random.nextInt(victim.size())] ^= (byte) (1 << random.nextInt(8));
        CarException e = assertThrows(CarException.class, () -> CarCodecTest.readAllBlocks(CarReader.of(car, CarLimits.DEFAULT)));
        assertEquals(CarException.Reason.HASH_MISMATCH, e.reason());
    }

    @Provide
    Arbitrary<List<Block>> blockLists() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        // large blocks (over the stream reader's 64 KiB buffer) filled from a seed: jqwik shrinks arrays slowly
        Arbitrary<byte[]> large = Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(60_000, 140_000).map(n -> {
            byte[] b = new byte[n];
            new Random(seed).nextBytes(b);
            return b;
        }));
        Arbitrary<Block> block = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, small), net.jqwik.api.Tuple.of(1, large)).flatMap(bytes ->
                Arbitraries.of(true, false).map(raw -> new Block(raw ? Cid.ofRaw(bytes) : Cid.ofDagCbor(bytes), bytes)));
        return block.list().ofMinSize(1).ofMaxSize(30);
    }

    private static void assertSameBlocks(List<Block> expected, List<Block> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).cid(), actual.get(i).cid());
            assertTrue(Arrays.equals(expected.get(i).bytes(), actual.get(i).bytes()), "bytes of block " + i);
        }
    }

    /** Hands out random-sized chunks, as a network would. */
    private static final class ChunkedStream extends InputStream {
        private final InputStream in;
        private final Random random;

        ChunkedStream(byte[] bytes, Random random) {
            this.in = new ByteArrayInputStream(bytes);
            this.random = random;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(5000)));
        }
    }
}
