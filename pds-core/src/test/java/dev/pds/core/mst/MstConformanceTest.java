package dev.pds.core.mst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.block.BlockMap;
import dev.pds.core.block.BlockSource;
import dev.pds.core.data.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The MST fixtures of atproto-interop-tests: mst/ and firehose/commit-proof-fixtures.json. */
class MstConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path fixture(String relative) {
        String dir = System.getProperty("atproto.interop.dir");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "interop fixtures not present");
        Path p = Path.of(dir, relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), relative + " not present");
        return p;
    }

    private static JsonNode read(String relative) throws IOException {
        return JSON.readTree(fixture(relative).toFile());
    }

    @TestFactory
    Stream<DynamicTest> keyHeights() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : read("mst/key_heights.json")) {
            String key = e.get("key").asText();
            int height = e.get("height").asInt();
            tests.add(DynamicTest.dynamicTest("height of '" + key + "' is " + height,
                    () -> assertEquals(height, MstKey.height(key))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> commonPrefix() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : read("mst/common_prefix.json")) {
            String left = e.get("left").asText();
            String right = e.get("right").asText();
            int len = e.get("len").asInt();
            tests.add(DynamicTest.dynamicTest("prefix of '" + left + "' and '" + right + "' is " + len,
                    () -> assertEquals(len, MstKey.commonPrefixLength(left, right))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> commitProofs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : read("firehose/commit-proof-fixtures.json")) {
            tests.add(DynamicTest.dynamicTest(e.get("comment").asText(), () -> checkCommitProof(e)));
        }
        return tests.stream();
    }

    private static void checkCommitProof(JsonNode f) {
        Cid leaf = Cid.parse(f.get("leafValue").asText());
        List<String> keys = strings(f.get("keys"));
        List<String> adds = strings(f.get("adds"));
        List<String> dels = strings(f.get("dels"));

        Mst tree = Mst.empty(BlockSource.empty(), new NodeCache(0));
        for (String k : keys) {
            tree = tree.add(k, leaf);
        }
        assertEquals(f.get("rootBeforeCommit").asText(), tree.root().toString(), "root before commit");
        for (String k : adds) {
            tree = tree.add(k, leaf);
        }
        for (String k : dels) {
            tree = tree.delete(k);
        }
        Cid after = tree.root();
        assertEquals(f.get("rootAfterCommit").asText(), after.toString(), "root after commit");

        List<String> opKeys = new ArrayList<>(adds);
        opKeys.addAll(dels);
        BlockMap proof = tree.coveringProof(opKeys);
        Set<String> got = new TreeSet<>();
        proof.cids().forEach(c -> got.add(c.toString()));
        assertEquals(new TreeSet<>(strings(f.get("blocksInProof"))), got, "covering proof blocks");

        List<UnaryOperator<Mst>> inverse = new ArrayList<>();
        adds.forEach(k -> inverse.add(t -> t.delete(k)));
        dels.forEach(k -> inverse.add(t -> t.add(k, leaf)));
        for (List<UnaryOperator<Mst>> order : permutations(inverse)) {
            Mst partial = Mst.load(proof, after, new NodeCache(0));
            for (UnaryOperator<Mst> op : order) {
                partial = op.apply(partial);
            }
            assertEquals(f.get("rootBeforeCommit").asText(), partial.root().toString(), "root after inversion");
        }
    }

    static <T> List<List<T>> permutations(List<T> items) {
        List<List<T>> out = new ArrayList<>();
        if (items.size() <= 1) {
            out.add(new ArrayList<>(items));
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                p.add(0, first);
                out.add(p);
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
