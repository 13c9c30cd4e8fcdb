package dev.pds.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The services that calls this server does not answer itself are proxied to when they carry no
 * {@code atproto-proxy} header, with the reference's variables: the app view
 * ({@code PDS_BSKY_APP_VIEW_URL}, {@code _DID}) for everything but moderation; the moderation
 * service ({@code PDS_MOD_SERVICE_URL}, {@code _DID}) for {@code tools.ozone.*}; the report
 * service ({@code PDS_REPORT_SERVICE_URL}, {@code _DID}, by default the moderation service) for
 * {@code com.atproto.moderation.createReport}. Each URL needs its DID.
 * {@code PDS_BSKY_APP_VIEW_CDN_URL_PATTERN} is where the views this server makes for
 * read-after-write point for images (three {@code %s}: the kind, the DID, the CID).
 */
public record ProxyConfig(Optional<ServiceConfig> appView, Optional<ServiceConfig> modService,
        Optional<ServiceConfig> reportService, Optional<String> appViewCdnUrlPattern) {
    public ProxyConfig {
        Objects.requireNonNull(appView, "appView");
        Objects.requireNonNull(modService, "modService");
        Objects.requireNonNull(reportService, "reportService");
        Objects.requireNonNull(appViewCdnUrlPattern, "appViewCdnUrlPattern");
    }

    public static ProxyConfig none() {
        return new ProxyConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ProxyConfig from(EnvReader env) {
        Optional<ServiceConfig> mod = service(env, "PDS_MOD_SERVICE");
        Optional<ServiceConfig> report = service(env, "PDS_REPORT_SERVICE");
        Optional<String> cdn = env.string("PDS_BSKY_APP_VIEW_CDN_URL_PATTERN");
        if (cdn.isPresent() && !cdn.get().startsWith("https://") && !cdn.get().startsWith("http://")) {
            throw new ConfigException("PDS_BSKY_APP_VIEW_CDN_URL_PATTERN must be an http(s) URL pattern, such as "
                    + "https://cdn.bsky.app/img/%s/plain/%s/%s@jpeg");
        }
        return new ProxyConfig(service(env, "PDS_BSKY_APP_VIEW"), mod, report.or(() -> mod), cdn);
    }

    private static Optional<ServiceConfig> service(EnvReader env, String prefix) {
        Optional<String> url = env.string(prefix + "_URL");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String did = env.string(prefix + "_DID").orElseThrow(
                () -> new ConfigException(prefix + "_URL is set, so " + prefix + "_DID must be set too"));
        return Optional.of(new ServiceConfig(url.get(), did));
    }
}
