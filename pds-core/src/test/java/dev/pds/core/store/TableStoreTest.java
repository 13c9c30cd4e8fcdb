package dev.pds.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.DataMap;
import dev.pds.core.error.XrpcException;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableStoreTest {
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    static final Keypair KEY = Keypair.generate(Curve.K256);

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static List<String> keys(List<TableEntry> entries) {
        return entries.stream().map(TableEntry::keyString).toList();
    }

    @Test
    void putsGetsScansAndSurvivesReopen() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            TableWrites w = TableWrites.create();
            for (String k : List.of("h:a", "h:b", "h:c", "h:d", "i:a")) {
                w.put(Table.ACCOUNTS, b(k), b("v" + k));
            }
            store.writeTables(w, List.of()).join();
            assertEquals("vh:b", new String(store.get(Table.ACCOUNTS, b("h:b")).orElseThrow(), UTF_8));
            assertTrue(store.get(Table.AUTH, b("h:b")).isEmpty(), "tables are separate");
            assertEquals(List.of("h:a", "h:b", "h:c", "h:d"), keys(store.scan(Table.ACCOUNTS, b("h:"), null, 10, false)));
            assertEquals(List.of("h:c", "h:d"), keys(store.scan(Table.ACCOUNTS, b("h:"), b("h:b"), 10, false)));
            assertEquals(List.of("h:d", "h:c"), keys(store.scan(Table.ACCOUNTS, b("h:"), null, 2, true)));
            assertEquals(List.of("h:b", "h:a"), keys(store.scan(Table.ACCOUNTS, b("h:"), b("h:c"), 10, true)));
            assertEquals(List.of("i:a", "h:d"), keys(store.scan(Table.ACCOUNTS, new byte[0], null, 2, true)));
            store.writeTables(TableWrites.create().deletePrefix(Table.ACCOUNTS, b("h:")).put(Table.ACCOUNTS, b("h:z"), b("z")),
                    List.of()).join();
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(List.of("h:z", "i:a"), keys(store.scan(Table.ACCOUNTS, new byte[0], null, 10, false)),
                    "the range delete came before the put in the same write");
        }
    }

    @Test
    void tableWritesOfACommitAreDurableWithIt() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE,
                    r -> TableWrites.create().put(Table.ACCOUNTS, b("did:" + ALICE), b(r.rev()))).join();
            String rev = new String(store.get(Table.ACCOUNTS, b("did:" + ALICE)).orElseThrow(), UTF_8);
            assertEquals(store.head(ALICE).orElseThrow().rev(), rev);

            DataMap post = DataMap.builder().put("$type", "app.bsky.feed.post").put("text", "hi")
                    .put("createdAt", "2024-01-01T00:00:00Z").build();
            store.applyWrites(ALICE, List.of(WriteOp.create("app.bsky.feed.post", "a", post)), null, KEY, CommitEvents.NONE,
                    r -> TableWrites.create().put(Table.BLOBS, b("ref:" + r.ops().get(0).path()), b("1"))).join();
            assertTrue(store.get(Table.BLOBS, b("ref:app.bsky.feed.post/a")).isPresent());
        }
    }

    @Test
    void aRefusedCommitWritesNoneOfItsTableChanges() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.createRepo(ALICE, KEY, CommitEvents.NONE).join();
            XrpcException dup = assertThrows(XrpcException.class, () -> store.createRepo(ALICE, KEY, CommitEvents.NONE,
                    r -> TableWrites.create().put(Table.ACCOUNTS, b("x"), b("y"))));
            assertEquals("AlreadyExists", dup.error());
        }
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            assertFalse(store.get(Table.ACCOUNTS, b("x")).isPresent());
        }
    }

    @Test
    void keysAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> TableWrites.create().put(Table.AUTH, new byte[0], b("v")));
        assertThrows(IllegalArgumentException.class,
                () -> TableWrites.create().delete(Table.AUTH, new byte[TableWrites.MAX_KEY_BYTES + 1]));
    }
}
