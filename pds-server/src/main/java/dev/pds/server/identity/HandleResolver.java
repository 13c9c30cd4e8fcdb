package dev.pds.server.identity;

import dev.pds.core.syntax.Did;
import dev.pds.server.config.IdentityConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.naming.NamingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the DID a handle claims, the two ways the handle spec allows and in the reference's
 * order: a DNS TXT record {@code _atproto.<handle>} holding exactly one {@code did=<DID>}, and
 * the first line of {@code https://<handle>/.well-known/atproto-did}, both asked at once (DNS
 * wins when both answer); then, if neither did, the backup nameservers. Every lookup has the
 * configured timeout, the HTTPS answer is read up to {@value #MAX_WELL_KNOWN_BYTES} bytes, and
 * hosts that resolve to loopback, private or link-local addresses are not fetched, nor are
 * redirects followed (unlike the reference, whose fetch checks every hop). A failure is simply
 * no answer: a handle that does not resolve is the caller's error to name.
 */
public final class HandleResolver {
    private static final Logger LOG = LoggerFactory.getLogger(HandleResolver.class);
    static final String DNS_PREFIX = "_atproto.";
    static final String TXT_PREFIX = "did=";
    static final String WELL_KNOWN_PATH = "/.well-known/atproto-did";
    /** A DID is at most 2 KB; a well-known answer larger than this is not one. */
    static final int MAX_WELL_KNOWN_BYTES = 4096;
    static final int MAX_PARALLEL_LOOKUPS = 16;

    private final Duration timeout;
    private final DnsTxt systemDns;
    private final DnsTxt backupDns;
    private final HttpClient http;
    /** Runs the well-known lookups beside the DNS one; when all are busy, the well-known way is skipped. */
    private final ThreadPoolExecutor lookups = new ThreadPoolExecutor(0, MAX_PARALLEL_LOOKUPS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DefaultThreadFactory("pds-handle-lookup", true), new ThreadPoolExecutor.AbortPolicy());

    public HandleResolver(IdentityConfig config) {
        Objects.requireNonNull(config, "config");
        this.timeout = config.resolverTimeout();
        this.systemDns = new DnsTxt(List.of(), timeout);
        this.backupDns = config.handleBackupNameservers().isEmpty() ? null
                : new DnsTxt(config.handleBackupNameservers(), timeout);
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // a redirect could lead to an address isPublic never saw
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The DID {@code handle} claims, if any way of asking finds one. Blocks up to about twice the timeout. */
    public Optional<Did> resolve(String handle) {
        String host = handle.toLowerCase(Locale.ROOT);
        CompletableFuture<Optional<Did>> web;
        try {
            web = CompletableFuture.supplyAsync(() -> wellKnown(host), lookups);
        } catch (RejectedExecutionException e) {
            web = CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<Did> dns = dns(systemDns, host);
        if (dns.isPresent()) {
            web.cancel(true);
            return dns;
        }
        try {
            Optional<Did> fromWeb = web.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (fromWeb.isPresent()) {
                return fromWeb;
            }
        } catch (TimeoutException | ExecutionException e) {
            web.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return backupDns == null ? Optional.empty() : dns(backupDns, host);
    }

    /** The {@code did=} value of exactly one TXT record of {@code _atproto.<handle>}. */
    static Optional<Did> dns(DnsTxt resolver, String handle) {
        List<String> records;
        try {
            records = resolver.lookup(DNS_PREFIX + handle);
        } catch (NamingException | RuntimeException e) {
            LOG.debug("DNS lookup for {} failed: {}", handle, e.toString());
            return Optional.empty();
        }
        return parseTxt(records);
    }

    static Optional<Did> parseTxt(List<String> records) {
        List<String> dids = records.stream().filter(r -> r.startsWith(TXT_PREFIX)).toList();
        if (dids.size() != 1) {
            return Optional.empty();
        }
        return didOrEmpty(dids.get(0).substring(TXT_PREFIX.length()));
    }

    private Optional<Did> wellKnown(String handle) {
        try {
            if (!isPublic(handle)) {
                return Optional.empty();
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + handle + WELL_KNOWN_PATH))
                    .timeout(timeout).GET().build();
            CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request,
                    info -> info.statusCode() == 200 ? new FirstBytes(MAX_WELL_KNOWN_BYTES)
                            : HttpResponse.BodySubscribers.replacing(null));
            try {
                byte[] body = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).body();
                return body == null ? Optional.empty() : parseWellKnown(body);
            } catch (TimeoutException e) {
                sent.cancel(true);
                return Optional.empty();
            }
        } catch (ExecutionException | IllegalArgumentException e) {
            LOG.debug("Well-known lookup for {} failed: {}", handle, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The first line of the answer, trimmed, when it is a DID. */
    static Optional<Did> parseWellKnown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return didOrEmpty((newline < 0 ? text : text.substring(0, newline)).trim());
    }

    /** Whether every address of {@code host} is a public one (no SSRF into the operator's network). */
    private static boolean isPublic(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || isUniqueLocal(a)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** IPv6 fc00::/7, which Java does not count as site-local. */
    private static boolean isUniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    /** Collects the first {@code max} bytes of a body, then stops reading it. */
    private static final class FirstBytes implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        FirstBytes(int max) {
            this.max = max;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), max - out.size());
                byte[] bytes = new byte[n];
                item.get(bytes);
                out.write(bytes, 0, n);
            }
            if (out.size() >= max) {
                subscription.cancel();
                result.complete(out.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }

    private static Optional<Did> didOrEmpty(String s) {
        return s.startsWith("did:") && Did.isValid(s) ? Optional.of(Did.parse(s)) : Optional.empty();
    }
}
