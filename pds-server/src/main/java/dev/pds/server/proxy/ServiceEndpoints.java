package dev.pds.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.config.ProxyConfig;
import dev.pds.server.plc.PlcDirectoryClient;
import dev.pds.server.xrpc.XrpcJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service a call without a proxy header goes to ({@link #defaultTarget}), and where a
 * {@link ProxyTarget}'s service listens: the configured URL for a configured service (the app
 * view, the moderation and report services, as the reference special-cases them), otherwise the {@code serviceEndpoint} of the
 * service with that id in the DID's document, read from the PLC directory (did:plc) or from
 * {@code /.well-known/did.json} (did:web; plain http only in dev mode). Answers are kept for a
 * while, as DID documents change rarely.
 */
public final class ServiceEndpoints {
    static final Duration KEEP = Duration.ofMinutes(10);
    static final int MAX_KEPT = 1000;
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    static final String APP_VIEW_ID = "bsky_appview";
    static final String LABELER_ID = "atproto_labeler";
    static final String CREATE_REPORT = "com.atproto.moderation.createReport";

    private final ProxyConfig services;
    private final PlcDirectoryClient plc;
    private final ProxyHttp http;
    private final Duration timeout;
    private final boolean devMode;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(URI endpoint, Instant until) {
    }

    public ServiceEndpoints(ProxyConfig services, PlcDirectoryClient plc, Duration timeout, boolean devMode,
            Clock clock) {
        this.services = Objects.requireNonNull(services, "services");
        this.plc = Objects.requireNonNull(plc, "plc");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.devMode = devMode;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new ProxyHttp(timeout);
    }

    /** The client proxied calls share with the lookups. */
    ProxyHttp http() {
        return http;
    }

    /**
     * Where a call without a proxy header goes, as on the reference: a report to the report
     * service, {@code tools.ozone.*} to the moderation service, anything else to the app view;
     * empty when that service is not configured.
     */
    public Optional<ProxyTarget> defaultTarget(String nsid) {
        if (CREATE_REPORT.equals(nsid)) {
            return services.reportService().map(s -> new ProxyTarget(s.did(), LABELER_ID));
        }
        if (nsid.startsWith("tools.ozone.")) {
            return services.modService().map(s -> new ProxyTarget(s.did(), LABELER_ID));
        }
        return services.appView().map(s -> new ProxyTarget(s.did(), APP_VIEW_ID));
    }

    /** The URL of a configured service named by {@code target}. */
    private Optional<URI> configured(ProxyTarget target) {
        for (var service : List.of(services.appView().map(s -> Map.entry(s, APP_VIEW_ID)),
                services.modService().map(s -> Map.entry(s, LABELER_ID)),
                services.reportService().map(s -> Map.entry(s, LABELER_ID)))) {
            if (service.isPresent() && target.equals(new ProxyTarget(service.get().getKey().did(), service.get().getValue()))) {
                return Optional.of(URI.create(service.get().getKey().url()));
            }
        }
        return Optional.empty();
    }

    /** @throws XrpcException InvalidRequest when the DID or its service cannot be resolved */
    public URI resolve(ProxyTarget target) {
        Optional<URI> configured = configured(target);
        if (configured.isPresent()) {
            return configured.get();
        }
        String key = target.withFragment();
        Kept known = kept.get(key);
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.until())) {
            return known.endpoint();
        }
        JsonNode document = document(target.did())
                .orElseThrow(() -> XrpcException.invalidRequest("could not resolve proxy did"));
        URI endpoint = endpoint(document, target)
                .orElseThrow(() -> XrpcException.invalidRequest("could not resolve proxy did service url"));
        if (kept.size() >= MAX_KEPT) {
            kept.clear();
        }
        kept.put(key, new Kept(endpoint, now.plus(KEEP)));
        return endpoint;
    }

    /** The endpoint of the service {@code #id} (or {@code did#id}) of a DID document. */
    static Optional<URI> endpoint(JsonNode document, ProxyTarget target) {
        for (JsonNode service : document.path("service")) {
            String id = service.path("id").asText("");
            if (id.equals("#" + target.serviceId()) || id.equals(target.withFragment())) {
                String url = service.path("serviceEndpoint").asText("");
                try {
                    URI uri = new URI(url);
                    if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                        return Optional.of(uri);
                    }
                } catch (java.net.URISyntaxException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> document(String did) {
        try {
            if (did.startsWith("did:plc:")) {
                return Optional.ofNullable(plc.getDocument(did));
            }
            if (did.startsWith("did:web:")) {
                return webDocument(did);
            }
        } catch (RuntimeException e) {
            // an unreachable directory or host is the same to the caller as an unknown DID
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Optional<JsonNode> webDocument(String did) {
        String host = URLDecoder.decode(did.substring("did:web:".length()), StandardCharsets.UTF_8);
        if (!host.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
            return Optional.empty();
        }
        boolean local = host.matches("(localhost|127\\.0\\.0\\.1)(:\\d+)?");
        String scheme = devMode && local ? "http" : "https";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/.well-known/did.json"))
                    .timeout(timeout).GET().build();
            HttpResponse<InputStream> response = http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
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
