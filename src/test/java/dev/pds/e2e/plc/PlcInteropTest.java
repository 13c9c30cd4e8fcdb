package dev.pds.e2e.plc;

import dev.pds.e2e.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.plc.PlcChain;
import dev.pds.core.plc.PlcDids;
import dev.pds.core.plc.PlcException;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcLogEntry;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.plc.PlcState;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.Multikey;
import dev.pds.crypto.PublicKey;
import dev.pds.server.plc.PlcClient;
import dev.pds.server.plc.PlcDirectory;
import dev.pds.server.plc.PlcDirectoryServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our did:plc code against the directory's own: the reference server ({@code @did-plc/server})
 * and library ({@code @did-plc/lib}) in Node. Skipped when Node or the bench modules are absent
 * (see {@link NodeBench}).
 */
class PlcInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NodeBench bench;
    private static Process reference;
    private static String referenceUrl;

    @BeforeAll
    static void startReferenceDirectory() throws Exception {
        bench = NodeBench.find();
        Prerequisites.require(bench != null, "Node 22 with the @did-plc modules");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        reference = bench.process("start-directory.cjs", String.valueOf(port)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(reference.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("listening " + port, line, "reference directory did not start");
        referenceUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopReferenceDirectory() throws InterruptedException {
        if (reference != null) {
            reference.destroy();
            reference.waitFor();
        }
    }

    /** (a) Our genesis op: the library derives the same DID and CID and accepts our signature. */
    @Test
    void libraryAgreesWithOurDidDerivationAndSignature() throws Exception {
        for (Curve curve : Curve.values()) {
            Keypair rotation = Keypair.generate(curve);
            PlcOperation genesis = PlcSignatures.sign(PlcOperation.atprotoGenesis(Keypair.generate(Curve.K256).didKey(),
                    "ours.test", "https://pds.example.com", List.of(rotation.didKey())), rotation);
            JsonNode lib = JSON.readTree(bench.run(genesis.toJson(), "lib-derive.cjs"));
            assertEquals(PlcDids.didFor(genesis).toString(), lib.get("did").textValue(), curve.name());
            assertEquals(genesis.cid().toString(), lib.get("cid").textValue());
            assertEquals(rotation.didKey(), lib.path("signer").textValue(), lib.toString());
        }
    }

    /** (a)+(c) The reference directory accepts our genesis and handle update and serves what we expect. */
    @Test
    void referenceDirectoryAcceptsOurOperations() {
        Keypair rotation = Keypair.generate(Curve.K256);
        Keypair recovery = Keypair.generate(Curve.P256);
        Keypair signing = Keypair.generate(Curve.K256);
        PlcOperation genesis = PlcSignatures.sign(PlcOperation.atprotoGenesis(signing.didKey(), "ours.test",
                "http://localhost:2583", List.of(recovery.didKey(), rotation.didKey())), rotation);
        String did = PlcDids.didFor(genesis).toString();
        PlcClient client = new PlcClient(referenceUrl);
        client.submit(did, genesis);

        PlcState expected = PlcState.of(did, genesis);
        assertEquals(expected, client.getData(did));
        assertEquals(genesis, client.getLastOp(did));
        assertDocumentMatches(expected, signing.publicKey(), client.getDocument(did));

        PlcOperation update = PlcSignatures.sign(genesis.asNextAfter(genesis.cid().toString())
                .withHandle("ours-renamed.test"), rotation);
        client.submit(did, update);
        assertEquals("ours-renamed.test", client.getData(did).handle());
        List<PlcLogEntry> audit = client.getAuditLog(did);
        assertEquals(List.of(genesis.cid(), update.cid()), audit.stream().map(PlcLogEntry::cid).toList());
        assertEquals("ours-renamed.test", PlcChain.verifyAuditLog(did, audit).handle());
        assertEquals(List.<PlcOp>of(genesis, update), client.getLog(did));

        // and refuses what our rules refuse: an update signed by the atproto signing key
        PlcOperation forged = PlcSignatures.sign(update.asNextAfter(update.cid().toString()).withHandle("x.test"), signing);
        assertThrows(PlcException.class, () -> client.submit(did, forged));
    }

    /** (b)+(c) The library's own client creates and renames a DID on our embedded directory. */
    @Test
    void libraryClientWorksAgainstOurDirectory() throws Exception {
        try (PlcDirectoryServer ours = PlcDirectoryServer.start(PlcDirectory.inMemory(Clock.systemUTC()), 0)) {
            JsonNode out = JSON.readTree(bench.run(null, "lib-client.cjs", ours.url()));
            String did = out.get("did").textValue();
            PlcState state = ours.directory().getData(did);
            assertEquals("lib-renamed.test", state.handle());
            assertEquals(PlcState.fromJson(out.get("dataAfter")), state);
            assertEquals(ours.directory().getDocument(did), out.get("document"));
            List<PlcOp> log = ours.directory().getLog(did);
            assertEquals(2, log.size());
            assertEquals(did, PlcDids.didFor(log.get(0)).toString());
            assertEquals("lib-renamed.test", PlcChain.verifyAuditLog(did, ours.directory().getAuditLog(did)).handle());
        }
    }

    /** (b) Operations the library made, as the reference directory logged them, pass our chain validation. */
    @Test
    void libraryOperationsOnTheReferenceDirectoryPassOurValidation() throws Exception {
        JsonNode out = JSON.readTree(bench.run(null, "lib-client.cjs", referenceUrl));
        String did = out.get("did").textValue();
        List<PlcOp> log = new ArrayList<>();
        out.get("log").forEach(n -> log.add(PlcJson.readOp(n, true)));
        assertEquals("lib-renamed.test", PlcChain.validateLog(did, log).handle());
        List<PlcLogEntry> audit = new ArrayList<>();
        out.get("audit").forEach(n -> audit.add(PlcLogEntry.fromJson(n)));
        assertEquals(PlcState.fromJson(out.get("dataAfter")), PlcChain.verifyAuditLog(did, audit));

        // replayed into our directory, the library's operations are accepted as they are
        try (PlcDirectory ours = PlcDirectory.inMemory(Clock.systemUTC())) {
            for (PlcOp op : log) {
                ours.submit(did, op);
            }
            assertEquals("lib-renamed.test", ours.getData(did).handle());
        }
    }

    /**
     * The installed reference server (0.0.1) still renders keys in the 2019 suites (id
     * {@code #atproto}, the bare point in {@code publicKeyMultibase}) where the current one and
     * ours use Multikey; the rest of the document must be equal and the key the same.
     */
    private static void assertDocumentMatches(PlcState expected, PublicKey signingKey, JsonNode served) {
        JsonNode ours = expected.toDidDocument();
        assertEquals(ours.get("id"), served.get("id"));
        assertEquals(ours.get("alsoKnownAs"), served.get("alsoKnownAs"));
        assertEquals(ours.get("service"), served.get("service"));
        JsonNode vm = served.get("verificationMethod").get(0);
        assertTrue(vm.get("id").textValue().endsWith("#atproto"), vm.toString());
        assertEquals(expected.did(), vm.get("controller").textValue());
        String multibase = vm.get("publicKeyMultibase").textValue();
        PublicKey served1 = "Multikey".equals(vm.get("type").textValue())
                ? Multikey.parse(multibase) : Multikey.parseLegacy(Curve.K256, multibase);
        assertEquals(signingKey, served1);
    }
}
