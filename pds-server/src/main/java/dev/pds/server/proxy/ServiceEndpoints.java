package dev.pds.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.config.ProxyConfig;
import dev.pds.server.config.ServiceConfig;
import dev.pds.server.identity.DidDocuments;
import dev.pds.server.plc.PlcDirectoryClient;
import java.net.URI;
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
 * view, the moderation and report services, as the reference special-cases them), otherwise
 * the {@code serviceEndpoint} of the service with that id in the DID's document
 * ({@link DidDocuments}). Answers are kept for a while, as DID documents change rarely.
 */
public final class ServiceEndpoints {
    static final Duration KEEP = Duration.ofMinutes(10);
    static final int MAX_KEPT = 1000;

    static final String APP_VIEW_ID = "bsky_appview";
    static final String LABELER_ID = "atproto_labeler";
    static final String CREATE_REPORT = "com.atproto.moderation.createReport";

    private final ProxyConfig services;
    private final DidDocuments documents;
    private final ProxyHttp http;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(URI endpoint, Instant until) {
    }

    public ServiceEndpoints(ProxyConfig services, PlcDirectoryClient plc, Duration timeout, boolean devMode,
            Clock clock) {
        this.services = Objects.requireNonNull(services, "services");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new ProxyHttp(timeout);
        this.documents = new DidDocuments(Objects.requireNonNull(plc, "plc"), http::client, timeout, devMode);
    }

    /** The configured app view, if any. */
    Optional<ServiceConfig> appView() {
        return services.appView();
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
        JsonNode document = documents.resolve(target.did())
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
}
