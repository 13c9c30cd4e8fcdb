package dev.pds.core.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataLink;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataNull;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written commit encoding against the generic canonical encoder, byte for byte. */
class CommitCodecTest {
    private static final Cid DATA = DagCbor.cidOf(DataMap.builder().put("e", "x").build());
    private static final Cid PREV = DagCbor.cidOf(DataMap.builder().put("p", 1).build());

    private static DataMap unsigned(String did, Cid data, String rev, Cid prev) {
        return DataMap.builder().put("did", did).put("version", Commit.VERSION).put("data", data).put("rev", rev)
                .put("prev", prev == null ? DataNull.INSTANCE : new DataLink(prev)).build();
    }

    @Test
    void sameBytesAsTheGenericEncoderForEveryFieldLength() {
        Random random = new Random(3);
        // DIDs around the one-byte (24) and two-byte (256) length heads, signatures of odd sizes too
        List<String> dids = List.of("did:plc:abc", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:web:" + "a".repeat(15),
                "did:web:" + "b".repeat(16), "did:web:" + "c".repeat(247), "did:web:" + "d".repeat(248), "did:web:" + "e".repeat(1990));
        for (String did : dids) {
            for (Cid prev : new Cid[] {null, PREV}) {
                for (int sigLength : new int[] {0, 23, 24, 64, 300}) {
                    byte[] sig = new byte[sigLength];
                    random.nextBytes(sig);
                    String rev = "3jzfcijpj2z2a";
                    Commit c = new Commit(did, DATA, rev, prev, sig);
                    assertArrayEquals(DagCbor.encode(unsigned(did, DATA, rev, prev)), c.unsignedBytes(), did + " unsigned");
                    assertArrayEquals(DagCbor.encode(c.toData()), c.toBlock().bytes(), did + " signed, sig " + sigLength);
                    assertEquals(DagCbor.cidOf(c.toData()), c.toBlock().cid());
                    assertEquals(c, Commit.decode(c.toBlock().bytes()));
                }
            }
        }
    }

    @Test
    void aSignedCommitVerifiesOverTheHandEncodedBytes() {
        Keypair key = Keypair.generate(Curve.K256);
        Commit c = Commit.sign("did:plc:ewvi7nxzyoun6zhxrhs64oiz", DATA, "3jzfcijpj2z2a", key);
        assertTrue(key.publicKey().verify(DagCbor.encode(unsigned(c.did(), DATA, c.rev(), null)), c.sig()));
        assertTrue(c.verify(key.didKey()));
        assertEquals(64, c.sig().length);
    }
}
