package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pds.crypto.Keypair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vectors made by the directory's own library ({@code @did-plc/lib} 0.0.4 with
 * {@code @atproto/crypto} 0.4.5: {@code createOp} and {@code updateHandleOp}) from the fixed
 * keys of {@link PlcTestKeys}. Both sides sign deterministically (RFC 6979, low-S), so our
 * signatures, CIDs and DIDs must come out byte for byte the same.
 */
class PlcLibraryVectorsTest {

    private static void check(Keypair signer, String did, String sig, String updatePrev, String updateSig) {
        PlcOperation genesis = PlcTestKeys.genesis(signer);
        assertEquals(sig, genesis.sig());
        assertEquals(did, PlcDids.didFor(genesis).toString());
        assertEquals(updatePrev, genesis.cid().toString());
        PlcOperation update = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString()).withHandle("bob.test"), signer);
        assertEquals(updateSig, update.sig());
        assertEquals("bob.test", PlcChain.validateLog(did, List.of(genesis, update)).handle());
    }

    @Test
    void genesisAndHandleUpdateSignedWithK256() {
        check(PlcTestKeys.ROTATION_HIGH, "did:plc:hzgwpx2vx2cukrblwtpxljzw",
                "6aTozSUmvPjQtwwDLAA73Dc92TGfvtssFl2NsbYT2iNckumww9OU6Q_msH8PldST-B9GtGksTjD4MFGUf6rUZA",
                "bafyreib6jvt56vn6qvcuik5u3522onx3ctmnoztcgsg7kd4yurdjdso3yi",
                "KqGmFnqc1qla9cTr8t5gZ6BrUDjTmtV3H-gGVzmsGU5Y62IkBtq1Tm3tQEWw4sxecAJGIodqfda9HRc3lP-t1A");
    }

    @Test
    void genesisAndHandleUpdateSignedWithP256() {
        check(PlcTestKeys.ROTATION_LOW, "did:plc:lqeki3ashix5sy5lstbs7kul",
                "tOlTdLM5f1_uX6Y05PdlvHApmq87YgfETtbrIVi5W0hTDAkfy9Kc-N339SOQ99mlb0ifaFmEfG4q6047Su1geQ",
                "bafyreic4bcsgyer2f7mwhk4uymx2vc2lhhtgs2habes3t2zjalnvvmamqm",
                "SMsdjU9-tQSIJ3ythutxsfminmo14n0G0uqT0cLqTAd046QIgovQQnFPEa7I6dAIjLaOgAGfsOmT08OVIuWyxw");
    }
}
