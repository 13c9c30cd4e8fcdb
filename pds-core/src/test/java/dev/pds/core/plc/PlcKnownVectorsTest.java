package dev.pds.core.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operations from the public plc.directory log (the bsky.app account and an early account
 * created with the legacy format): their CIDs, DIDs and signatures are facts of the network,
 * so they check our encoding, hashing and verification against the real directory's.
 */
class PlcKnownVectorsTest {
    static final String BSKY_GENESIS = """
            {"sig":"9NuYV7AqwHVTc0YuWzNV3CJafsSZWH7qCxHRUIP2xWlB-YexXC1OaYAnUayiCXLVzRQ8WBXIqF-SvZdNalwcjA",
             "prev":null,"type":"plc_operation",
             "services":{"atproto_pds":{"type":"AtprotoPersonalDataServer","endpoint":"https://bsky.social"}},
             "alsoKnownAs":["at://bluesky-team.bsky.social"],
             "rotationKeys":["did:key:zQ3shhCGUqDKjStzuDxPkTxN6ujddP4RkEKJJouJGRRkaLGbg",
                             "did:key:zQ3shpKnbdPx3g3CmPf5cRVTPe1HtSwVn5ish3wSnDPQCbLJK"],
             "verificationMethods":{"atproto":"did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF"}}""";
    static final String BSKY_UPDATE = """
            {"sig":"1mEWzRtFOgeRXH-YCSPTxb990JOXxa__n8Qw6BOKl7Ndm6OFFmwYKiiMqMCpAbxpnGjF5abfIsKc7u3a77Cbnw",
             "prev":"bafyreigp6shzy6dlcxuowwoxz7u5nemdrkad2my5zwzpwilcnhih7bw6zm","type":"plc_operation",
             "services":{"atproto_pds":{"type":"AtprotoPersonalDataServer","endpoint":"https://bsky.social"}},
             "alsoKnownAs":["at://bsky.app"],
             "rotationKeys":["did:key:zQ3shhCGUqDKjStzuDxPkTxN6ujddP4RkEKJJouJGRRkaLGbg",
                             "did:key:zQ3shpKnbdPx3g3CmPf5cRVTPe1HtSwVn5ish3wSnDPQCbLJK"],
             "verificationMethods":{"atproto":"did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF"}}""";
    static final String LEGACY_GENESIS = """
            {"sig":"7QTzqO1BcL3eDzP4P_YBxMmv5U4brHzAItkM9w5o8gZA7ElZkrVYEwsfQCfk5EoWLk58Z1y6fyNP9x1pthJnlw",
             "prev":null,"type":"create","handle":"dan.bsky.social","service":"https://bsky.social",
             "signingKey":"did:key:zQ3shP5TBe1sQfSttXty15FAEHV1DZgcxRZNxvEWnPfLFwLxJ",
             "recoveryKey":"did:key:zQ3shhCGUqDKjStzuDxPkTxN6ujddP4RkEKJJouJGRRkaLGbg"}""";

    @Test
    void bskyAppGenesisHashesToItsDidAndCid() {
        PlcOp genesis = PlcJson.readOp(BSKY_GENESIS, true);
        assertEquals("did:plc:z72i7hdynmk6r22z27h6tvur", PlcDids.didFor(genesis).toString());
        assertEquals("bafyreigp6shzy6dlcxuowwoxz7u5nemdrkad2my5zwzpwilcnhih7bw6zm", genesis.cid().toString());
        // signed by the second rotation key (the PDS's), not the first (the recovery key)
        assertEquals("did:key:zQ3shpKnbdPx3g3CmPf5cRVTPe1HtSwVn5ish3wSnDPQCbLJK",
                PlcSignatures.signer(genesis, ((PlcOperation) genesis).rotationKeys()).orElseThrow());
    }

    @Test
    void bskyAppLogValidatesToItsCurrentHandle() {
        PlcOp genesis = PlcJson.readOp(BSKY_GENESIS, true);
        PlcOp update = PlcJson.readOp(BSKY_UPDATE, true);
        assertEquals("bafyreihmuvr3frdvd6vmdhucih277prdcfcezf67lasg5oekxoimnunjoq", update.cid().toString());
        PlcState state = PlcChain.validateLog("did:plc:z72i7hdynmk6r22z27h6tvur", List.of(genesis, update));
        assertEquals("bsky.app", state.handle());
        assertEquals("https://bsky.social", state.pdsEndpoint());
        assertEquals("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF", state.atprotoSigningKey());
    }

    @Test
    void jsonRoundTripKeepsTheCid() {
        PlcOp genesis = PlcJson.readOp(BSKY_GENESIS, true);
        PlcOp again = PlcJson.readOp(genesis.toJson(), true);
        assertEquals(genesis, again);
        assertEquals(genesis.cid(), again.cid());
    }

    @Test
    void legacyCreateIsHashedInItsOwnFormatAndNormalized() {
        PlcOp legacy = PlcJson.readOp(LEGACY_GENESIS, true);
        assertInstanceOf(PlcLegacyCreate.class, legacy);
        assertEquals("bafyreigcxay6ucqlwowfpu35alyxqtv3c4vsj7gmdtmnidsnqs6nblyarq", legacy.cid().toString());
        PlcState state = PlcChain.validateGenesis("did:plc:yk4dd2qkboz2yv6tpubpc6co", legacy);
        assertEquals(List.of("did:key:zQ3shhCGUqDKjStzuDxPkTxN6ujddP4RkEKJJouJGRRkaLGbg",
                "did:key:zQ3shP5TBe1sQfSttXty15FAEHV1DZgcxRZNxvEWnPfLFwLxJ"), state.rotationKeys());
        assertEquals(List.of("at://dan.bsky.social"), state.alsoKnownAs());
    }

    @Test
    void updateAfterALegacyCreateStartsFromItsNormalizedState() {
        PlcOp legacy = PlcJson.readOp(LEGACY_GENESIS, true);
        PlcOperation next = PlcOperation.following(legacy);
        assertEquals(legacy.cid().toString(), next.prev());
        assertEquals(null, next.sig());
        assertEquals(List.of("at://dan.bsky.social"), next.alsoKnownAs());
        assertEquals("https://bsky.social", next.services().get("atproto_pds").endpoint());
        PlcTombstone tomb = PlcTombstone.after(legacy.cid().toString()).withSig("x");
        assertEquals(PlcException.MISORDERED, assertThrows(PlcException.class, () -> PlcOperation.following(tomb)).error());
    }

    @Test
    void genesisPostedUnderAnotherDidIsRefused() {
        PlcOp genesis = PlcJson.readOp(BSKY_GENESIS, true);
        PlcException e = assertThrows(PlcException.class,
                () -> PlcChain.validateGenesis("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", genesis));
        assertEquals(PlcException.GENESIS_HASH, e.error());
        assertTrue(e.getMessage().contains("did:plc:z72i7hdynmk6r22z27h6tvur"));
    }

    @Test
    void anyChangeToASignedOpBreaksItsSignature() {
        PlcOperation genesis = (PlcOperation) PlcJson.readOp(BSKY_GENESIS, true);
        PlcOperation changed = genesis.withHandle("attacker.test").withSig(genesis.sig());
        assertTrue(PlcSignatures.signer(changed, genesis.rotationKeys()).isEmpty());
    }
}
