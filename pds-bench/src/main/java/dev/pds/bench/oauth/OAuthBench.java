package dev.pds.bench.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.jwk.Jwks;
import dev.pds.crypto.jwt.JwtSigner;
import dev.pds.server.AppContext;
import dev.pds.server.PdsServer;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.Credentials;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.oauth.OAuthIds;
import dev.pds.server.oauth.client.ClientAuth;
import dev.pds.server.oauth.dpop.DpopVerifier;
import dev.pds.server.oauth.token.Grant;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What OAuth costs the server: the auth check of one XRPC call with a password-session token
 * versus a DPoP-bound OAuth token (JWT MAC, DPoP proof signature, nonce, replay memory, session
 * row, account row), the DPoP proof check alone, and refresh grants at the token endpoint over
 * HTTP (client-side proof signing included). Runs a real server on a temporary folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OAuthBench {
    static final String PATH = "/xrpc/com.atproto.repo.createRecord";
    static final int PROOFS = 30_000;

    PdsServer server;
    AppContext context;
    Path dir;
    String did;
    String issuer;
    Map<String, List<String>> bearerHeaders;
    String accessToken;
    Keypair dpopKey;
    ECKey dpopJwk;
    String[] proofs;
    int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("oauth-bench");
        Map<String, String> env = new HashMap<>();
        env.put("PDS_PORT", "0");
        env.put("PDS_DATA_DIRECTORY", dir.toString());
        env.put("PDS_DEV_MODE", "true");
        env.put("PDS_INVITE_REQUIRED", "false");
        server = PdsServer.start(PdsConfig.fromEnvironment(env));
        context = server.context();
        issuer = context.config().publicUrl();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/xrpc/com.atproto.server.createAccount"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"handle\":\"bench.test\",\"email\":\"bench@example.com\",\"password\":\"bench-pass\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode account = new ObjectMapper().readTree(r.body());
        did = account.get("did").asText();
        bearerHeaders = Map.of("authorization", List.of("Bearer " + account.get("accessJwt").asText()));
        dpopKey = Keypair.generate(Curve.P256);
        dpopJwk = Jwks.publicJwk(dpopKey.publicKey());
        Grant grant = newGrant(Optional.empty());
        accessToken = context.oauth().tokens().accessTokens().issue(grant, Instant.now());
    }

    /** A session straight in the store, as a code exchange would leave it. */
    Grant newGrant(Optional<String> refresh) throws Exception {
        String id = OAuthIds.random(16);
        Instant now = Instant.now();
        Grant g = new Grant(id, did, "http://localhost", ClientAuth.NONE, "atproto transition:generic",
                dpopJwk.computeThumbprint("SHA-256").toString(), id + "." + OAuthIds.random(12),
                refresh.map(DpopVerifier::accessTokenHash), "cod-" + OAuthIds.random(32), Optional.empty(), now, now,
                now.plusSeconds(900));
        context.oauth().tokens().grants().create(g, refresh);
        return g;
    }

    @Setup(Level.Iteration)
    public void makeProofs() {
        String nonce = context.oauth().dpop().nonces().next();
        proofs = new String[PROOFS];
        for (int i = 0; i < PROOFS; i++) {
            proofs[i] = proof(dpopKey, dpopJwk, "POST", issuer + PATH, nonce, accessToken);
        }
        next = 0;
    }

    static String proof(Keypair key, ECKey jwk, String method, String url, String nonce, String token) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", url).claim("nonce", nonce).issueTime(Date.from(Instant.now()));
        if (token != null) {
            claims.claim("ath", DpopVerifier.accessTokenHash(token));
        }
        return JwtSigner.ecdsa(key).sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(jwk).build(), claims.build());
    }

    private synchronized String nextProof() {
        return proofs[next++ % PROOFS];
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The auth check of a call made with a password session's access token. */
    @Benchmark
    public Credentials passwordSessionAuth() {
        return context.auth().verify(AuthRequirement.ACCESS, "POST", PATH, bearerHeaders).orElseThrow();
    }

    /** The auth check of the same call with a DPoP-bound OAuth token and a fresh proof. */
    @Benchmark
    public Credentials oauthDpopAuth() {
        Map<String, List<String>> headers = Map.of("authorization", List.of("DPoP " + accessToken),
                "dpop", List.of(nextProof()));
        return context.auth().verify(AuthRequirement.ACCESS, "POST", PATH, headers).orElseThrow();
    }

    /** A whole createRecord over HTTP (durable commit included) with each kind of credentials. */
    @State(Scope.Thread)
    public static class Writer {
        HttpClient http;
        String bearer;
        int n;

        @Setup(Level.Trial)
        public void begin(OAuthBench bench) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            bearer = bench.bearerHeaders.get("authorization").get(0);
        }
    }

    private HttpRequest.Builder createRecordRequest(Writer w) {
        String body = "{\"repo\":\"" + did + "\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"$type\":"
                + "\"app.bsky.feed.post\",\"text\":\"bench " + (w.n++) + "\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static int send(Writer w, HttpRequest request) throws Exception {
        HttpResponse<String> r = w.http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("createRecord failed: " + r.body());
        }
        return r.body().length();
    }

    @Benchmark
    public int createRecordPasswordSession(Writer w) throws Exception {
        return send(w, createRecordRequest(w).header("Authorization", w.bearer).build());
    }

    /** The proof is made beforehand (as the password token is), so only the server's extra work counts. */
    @Benchmark
    public int createRecordOAuth(Writer w) throws Exception {
        return send(w, createRecordRequest(w).header("Authorization", "DPoP " + accessToken).header("DPoP", nextProof())
                .build());
    }

    /** Refresh grants at the token endpoint over HTTP, one session per thread, proofs signed per request. */
    @State(Scope.Thread)
    public static class RefreshChain {
        HttpClient http;
        String refresh;
        String nonce;
        Keypair key;
        ECKey jwk;

        @Setup(Level.Trial)
        public void begin(OAuthBench bench) throws Exception {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            key = bench.dpopKey;
            jwk = bench.dpopJwk;
            refresh = "ref-" + OAuthIds.random(32);
            bench.newGrant(Optional.of(refresh));
            nonce = bench.context.oauth().dpop().nonces().next();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String tokenEndpointRefresh(RefreshChain chain) throws Exception {
        String url = issuer + "/oauth/token";
        String form = "grant_type=refresh_token&client_id=" + URLEncoder.encode("http://localhost", StandardCharsets.UTF_8)
                + "&refresh_token=" + chain.refresh;
        HttpResponse<String> r = chain.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", proof(chain.key, chain.jwk, "POST", url, chain.nonce, null))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        r.headers().firstValue("dpop-nonce").ifPresent(n -> chain.nonce = n);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("refresh failed: " + r.body());
        }
        String body = r.body();
        int at = body.indexOf("\"refresh_token\":\"") + 17;
        chain.refresh = body.substring(at, body.indexOf('"', at));
        return chain.refresh;
    }
}
