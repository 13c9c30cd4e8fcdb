package dev.pds.e2e.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.block.BlockMap;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

/**
 * What the sync tests share: writing records straight through the server's repo writer (the
 * path createRecord takes), changing an account's status in its store, fetching bodies as
 * bytes, and reading the rootless CAR of getBlocks, which our CAR reader refuses by design.
 */
final class SyncFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CAR = "application/vnd.ipld.car";
    static final String POST = "app.bsky.feed.post";
    static final String LIKE = "app.bsky.feed.like";

    private SyncFixture() {
    }

    static DataMap post(String text) {
        return DataMap.builder().put("$type", POST).put("text", text).put("createdAt", "2024-01-01T00:00:00.000Z").build();
    }

    static Account account(TestServer pds, String did) {
        return pds.server.context().accounts().byDid(Did.parse(did)).orElseThrow();
    }

    /** Commits the writes as one commit of {@code did}'s repo, as the record methods will. */
    static AppliedCommit commit(TestServer pds, String did, List<WriteOp> writes) {
        return pds.server.context().writer().apply(account(pds, did), writes, null, CommitTableWrites.NONE);
    }

    /** {@code count} posts {@code <prefix>0000...}, {@code perCommit} to a commit. */
    static void posts(TestServer pds, String did, String prefix, int count, int perCommit) {
        for (int i = 0; i < count; i += perCommit) {
            List<WriteOp> writes = new java.util.ArrayList<>();
            for (int j = i; j < Math.min(count, i + perCommit); j++) {
                writes.add(WriteOp.create(POST, String.format("%s%05d", prefix, j), post(prefix + " number " + j)));
            }
            commit(pds, did, writes);
        }
    }

    static void setStatus(TestServer pds, String did, AccountStatus status) {
        AccountStore accounts = pds.server.context().accounts();
        Account before = account(pds, did);
        pds.server.context().store().writeTables(accounts.update(before, before.withStatus(status)), List.of()).join();
    }

    /** The did:key of the #atproto verification method of the DID document the directory serves. */
    static String didKeyFromDocument(TestServer pds, String did) {
        JsonNode doc;
        try {
            doc = JSON.readTree(pds.server.context().plc().getDocument(did).toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (JsonNode vm : doc.get("verificationMethod")) {
            if (vm.get("id").asText().endsWith("#atproto")) {
                return "did:key:" + vm.get("publicKeyMultibase").asText();
            }
        }
        throw new AssertionError("no #atproto key in " + doc);
    }

    static HttpResponse<byte[]> getBytes(TestServer pds, String pathAndQuery, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = pds.request(pathAndQuery).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String error) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).get("error").asText(), r.body());
        assertTrue(json(r).hasNonNull("message"), r.body());
    }

    static void assertCar(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals(CAR, r.headers().firstValue("content-type").orElse(""));
    }

    /** A CAR's header roots and blocks, rootless ones included, each block checked against its CID. */
    record RawCar(List<Cid> roots, BlockMap blocks) {
    }

    static RawCar readRawCar(byte[] car) {
        int[] pos = {0};
        int headerLength = (int) varint(car, pos);
        DataMap header = (DataMap) dev.pds.core.data.DagCbor.decode(Arrays.copyOfRange(car, pos[0], pos[0] + headerLength));
        pos[0] += headerLength;
        List<Cid> roots = ((dev.pds.core.data.DataList) header.get("roots")).items().stream()
                .map(v -> ((dev.pds.core.data.DataLink) v).cid()).toList();
        BlockMap blocks = new BlockMap();
        while (pos[0] < car.length) {
            int length = (int) varint(car, pos);
            int end = pos[0] + length;
            Cid cid = Cid.read(car, pos[0], end);
            byte[] bytes = Arrays.copyOfRange(car, pos[0] + cid.byteLength(), end);
            assertEquals(cid, cid.codec() == Cid.RAW ? Cid.ofRaw(bytes) : Cid.ofDagCbor(bytes), "block hashes to its CID");
            blocks.put(cid, bytes);
            pos[0] = end;
        }
        return new RawCar(roots, blocks);
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }
}
