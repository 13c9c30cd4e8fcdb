package dev.pds.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.crypto.Base58btc;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Curve;
import dev.pds.crypto.PublicKey;
import dev.pds.server.plc.PlcDirectoryClient;
import dev.pds.server.xrpc.XrpcJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * DID documents: a did:plc's from the PLC directory, a did:web's from
 * {@code https://<host>/.well-known/did.json} (plain http for localhost in dev mode only). A
 * document must name the DID it was asked for. Any failure (unreachable, too large, not JSON) is
 * an absent document: to a caller that is the same as an unknown DID. {@link #resolve} keeps a
 * did:web's document for {@link #KEEP} (session answers read it often); {@link #resolveFresh}
 * always asks, for checks that decide something (activation, a handle, a signature).
 */
public final class DidDocuments {
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    static final Duration KEEP = Duration.ofMinutes(5);
    static final int MAX_KEPT = 10_000;

    private final PlcDirectoryClient plc;
    private final Supplier<HttpClient> http;
    private final Duration timeout;
    private final boolean devMode;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(JsonNode document, long untilNanos) {
    }

    /** With a client of its own, made at the first did:web lookup (most servers never make one). */
    public DidDocuments(PlcDirectoryClient plc, Duration timeout, boolean devMode) {
        this(plc, lazyClient(timeout), timeout, devMode);
    }

    public DidDocuments(PlcDirectoryClient plc, Supplier<HttpClient> http, Duration timeout, boolean devMode) {
        this.plc = Objects.requireNonNull(plc, "plc");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.devMode = devMode;
    }

    /** The document, a did:web's as read within the last {@link #KEEP}. */
    public Optional<JsonNode> resolve(String did) {
        if (!did.startsWith("did:web:")) {
            return resolveFresh(did);
        }
        Kept k = kept.get(did);
        if (k != null && System.nanoTime() - k.untilNanos() < 0) {
            return Optional.of(k.document());
        }
        return resolveFresh(did);
    }

    /** The document as its source has it now; a did:web's is kept from then on. */
    public Optional<JsonNode> resolveFresh(String did) {
        try {
            if (did.startsWith("did:plc:")) {
                return Optional.<JsonNode>ofNullable(plc.getDocument(did)).filter(doc -> did.equals(doc.path("id").asText()));
            }
            if (did.startsWith("did:web:")) {
                Optional<JsonNode> doc = web(did);
                doc.ifPresent(d -> {
                    if (kept.size() >= MAX_KEPT) {
                        kept.clear();
                    }
                    kept.put(did, new Kept(d, System.nanoTime() + KEEP.toNanos()));
                });
                return doc;
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The did:key of the verification method {@code #id} of a document: the Multikey form the PLC
     * directory and atproto services publish, or the older {@code EcdsaSecp256k1VerificationKey2019}
     * and {@code EcdsaSecp256r1VerificationKey2019} forms (the bare point, base58btc), which the
     * reference reads too. Empty when there is none, or its key is not a point of its curve.
     */
    public static Optional<String> verificationKey(JsonNode document, String id) {
        String did = document.path("id").asText("");
        for (JsonNode method : document.path("verificationMethod")) {
            String methodId = method.path("id").asText("");
            if (methodId.equals("#" + id) || methodId.equals(did + "#" + id)) {
                return didKey(method.path("type").asText(""), method.path("publicKeyMultibase").asText(""));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> didKey(String type, String multibase) {
        if (!multibase.startsWith("z")) {
            return Optional.empty();
        }
        try {
            return switch (type) {
                case "Multikey" -> Optional.of(PublicKey.fromMultikey(multibase).didKey());
                case "EcdsaSecp256k1VerificationKey2019" ->
                        Optional.of(PublicKey.fromBytes(Curve.K256, Base58btc.decode(multibase.substring(1))).didKey());
                case "EcdsaSecp256r1VerificationKey2019" ->
                        Optional.of(PublicKey.fromBytes(Curve.P256, Base58btc.decode(multibase.substring(1))).didKey());
                default -> Optional.empty();
            };
        } catch (CryptoException e) {
            return Optional.empty();
        }
    }

    /** The endpoint of the document's {@code #atproto_pds} service, if it names one. */
    public static Optional<String> pdsEndpoint(JsonNode document) {
        String did = document.path("id").asText("");
        for (JsonNode service : document.path("service")) {
            String id = service.path("id").asText("");
            if (id.equals("#atproto_pds") || id.equals(did + "#atproto_pds")) {
                return Optional.of(service.path("serviceEndpoint").asText("")).filter(s -> !s.isEmpty());
            }
        }
        return Optional.empty();
    }

    /** Whether the document's {@code alsoKnownAs} names {@code handle} ({@code at://<handle>}, any case). */
    public static boolean names(JsonNode document, String handle) {
        for (JsonNode aka : document.path("alsoKnownAs")) {
            if (aka.asText("").equalsIgnoreCase("at://" + handle)) {
                return true;
            }
        }
        return false;
    }

    private static Supplier<HttpClient> lazyClient(Duration connectTimeout) {
        return new Supplier<>() {
            private HttpClient client;

            @Override
            public synchronized HttpClient get() {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                return client;
            }
        };
    }

    private Optional<JsonNode> web(String did) {
        String host = URLDecoder.decode(did.substring("did:web:".length()), StandardCharsets.UTF_8);
        if (!host.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
            return Optional.empty();
        }
        boolean local = host.matches("(localhost|127\\.0\\.0\\.1)(:\\d+)?");
        String scheme = devMode && local ? "http" : "https";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/.well-known/did.json"))
                    .timeout(timeout).GET().build();
            HttpResponse<InputStream> response = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (body.length > MAX_DOCUMENT_BYTES) {
                    return Optional.empty();
                }
                JsonNode doc = XrpcJson.parse(body);
                return did.equals(doc.path("id").asText()) ? Optional.of(doc) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
