package dev.pds.bench.crypto;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.crypto.jwt.JwtVerifier;
import dev.pds.crypto.jwt.VerifiedJwt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A service-auth style JWT (iss, aud, exp, iat, lxm, jti): ES256K sign+verify as one
 * operation, verify alone, and HS256 verify (session tokens) for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class JwtBenchmark {
    private JWTClaimsSet claims;
    private JwtSigner es256kSigner;
    private JwtVerifier es256kVerifier;
    private String es256kToken;
    private JwtVerifier hs256Verifier;
    private String hs256Token;

    @Setup
    public void setUp() {
        Keypair keypair = Keypair.fromPrivateKeyHex(Curve.K256,
                "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
        Instant now = Instant.now();
        claims = new JWTClaimsSet.Builder()
                .issuer("did:plc:ewvi7nxzyoun6zhxrhs64oiz")
                .audience("did:web:api.bsky.app")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("lxm", "app.bsky.feed.getTimeline")
                .jwtID("0123456789abcdef")
                .build();
        es256kSigner = JwtSigner.ecdsa(keypair);
        es256kVerifier = JwtVerifier.ecdsa(keypair.publicKey()).withAudience("did:web:api.bsky.app");
        es256kToken = es256kSigner.sign(claims);
        byte[] secret = "bench-secret-bench-secret-bench-secret".getBytes(StandardCharsets.US_ASCII);
        hs256Verifier = JwtVerifier.hs256(secret).withAudience("did:web:api.bsky.app");
        hs256Token = JwtSigner.hs256(secret).sign("at+jwt", claims);
    }

    @Benchmark
    public VerifiedJwt es256kSignAndVerify() {
        return es256kVerifier.verify(es256kSigner.sign(claims));
    }

    @Benchmark
    public VerifiedJwt es256kVerify() {
        return es256kVerifier.verify(es256kToken);
    }

    @Benchmark
    public VerifiedJwt hs256Verify() {
        return hs256Verifier.verify(hs256Token);
    }
}
