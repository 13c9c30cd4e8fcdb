package dev.pds.bench.crypto;

import dev.pds.crypto.Curve;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.PublicKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA sign and verify of a commit-sized message (a signed commit's DAG-CBOR is about 150
 * bytes) on both curves, and verification from a did:key string as repo and PLC checks do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class SignatureBenchmark {
    @Param({"K256", "P256"})
    public Curve curve;

    @Param({"150"})
    public int messageBytes;

    private Keypair keypair;
    private PublicKey publicKey;
    private String didKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        byte[] priv = new byte[32];
        random.nextBytes(priv);
        priv[0] &= 0x7f; // stays below both curve orders
        keypair = Keypair.fromPrivateKey(curve, priv);
        publicKey = keypair.publicKey();
        didKey = keypair.didKey();
        message = new byte[messageBytes];
        random.nextBytes(message);
        signature = keypair.sign(message);
        if (!publicKey.verify(message, signature)) {
            throw new IllegalStateException("benchmark signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() {
        return keypair.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return publicKey.verify(message, signature);
    }

    /** Parse the did:key (point decompression included), then verify. */
    @Benchmark
    public boolean verifyDidKey() {
        return DidKey.verifySignature(didKey, message, signature);
    }
}
