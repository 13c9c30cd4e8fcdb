package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataString;
import dev.pds.core.syntax.Did;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeysTest {
    static int cmp(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Test
    void recordKeysSortByRkeyWithinACollectionAndCollectionsDoNotInterleave() {
        assertTrue(cmp(Keys.record(1, "app.bsky.feed.post", "a"), Keys.record(1, "app.bsky.feed.post", "b")) < 0);
        assertTrue(cmp(Keys.record(1, "app.bsky.feed.post", "zzz"), Keys.record(1, "app.bsky.feed.postgate", "a")) < 0,
                "every post sorts before every postgate");
        byte[] prefix = Keys.collectionPrefix(1, "app.bsky.feed.post");
        assertTrue(Keys.startsWith(Keys.record(1, "app.bsky.feed.post", "x"), prefix));
        assertFalse(Keys.startsWith(Keys.record(1, "app.bsky.feed.postgate", "x"), prefix));
        assertEquals("3l2k", Keys.recordRkey(Keys.record(7, "a.b.c", "3l2k"), Keys.collectionPrefix(7, "a.b.c").length));
    }

    @Test
    void repoPrefixesOrderAndBoundEachRepo() {
        Cid cid = DagCbor.cidOf(new DataString("x"));
        byte[] k = Keys.block(0x01020304, cid);
        assertEquals(4 + 36, k.length);
        assertTrue(Keys.startsWith(k, Keys.repoPrefix(0x01020304)));
        assertTrue(cmp(k, Keys.repoPrefixEnd(0x01020304)) < 0);
        assertTrue(cmp(Keys.repoPrefix(0x01020304), k) < 0);
        assertEquals(cid, Keys.blockCid(k));
        assertTrue(cmp(Keys.repoPrefix(255), Keys.repoPrefix(256)) < 0, "big-endian: numeric order is key order");
        assertTrue(cmp(Keys.block(-2, cid), Keys.repoPrefixEnd(-2)) < 0);
        assertThrows(IllegalArgumentException.class, () -> Keys.repoPrefixEnd(-1), "the last id has no end key");
    }

    @Test
    void eventKeysAreBigEndianSoSeqOrderIsKeyOrder() {
        long[] seqs = {0, 1, 255, 256, 65_535, 1L << 32, Long.MAX_VALUE};
        for (int i = 1; i < seqs.length; i++) {
            assertTrue(cmp(Keys.event(seqs[i - 1]), Keys.event(seqs[i])) < 0);
            assertEquals(seqs[i], Keys.eventSeq(Keys.event(seqs[i])));
        }
    }

    @Test
    void repoHeadRoundTrips() {
        Did did = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
        Cid a = DagCbor.cidOf(new DataString("commit"));
        Cid b = DagCbor.cidOf(new DataString("data"));
        RepoHead h = new RepoHead(did, 42, a, b, "3l2kabcdefg22");
        assertEquals(h, RepoHead.decode(did, h.encode()));
        assertEquals(did.toString(), Keys.repoDid(Keys.repo(did)));
    }
}
