package dev.pds.server.proxy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The one HTTP client of proxied calls and DID document lookups, made on first use, so that a
 * server that never proxies runs none of its threads.
 */
final class ProxyHttp {
    private final Duration connectTimeout;
    private volatile HttpClient client;

    ProxyHttp(Duration connectTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    // a redirect could lead somewhere the DID document never named
                    c = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1).build();
                    client = c;
                }
            }
        }
        return c;
    }
}
