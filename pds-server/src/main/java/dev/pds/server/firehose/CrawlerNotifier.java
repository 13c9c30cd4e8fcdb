package dev.pds.server.firehose;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks relays ({@code PDS_CRAWLERS}) to crawl this host with {@code com.atproto.sync.requestCrawl}:
 * once at startup and again after new activity, but no more than once per interval (the
 * reference PDS waits 20 minutes). Activity inside the interval is not lost: one request is
 * scheduled for when the interval ends. Requests are fire-and-forget; failures are logged.
 */
public final class CrawlerNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(CrawlerNotifier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Notifies nobody. */
    public static final CrawlerNotifier NONE = new CrawlerNotifier(List.of(), "localhost", Duration.ZERO, Clock.systemUTC());

    private final List<URI> endpoints;
    private final byte[] body;
    private final Duration interval;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicLong lastSent = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private volatile ScheduledExecutorService timer;
    private volatile boolean followUpScheduled;

    /**
     * @param crawlers relay base URLs, e.g. {@code https://bsky.network}
     * @param hostname this PDS's public host name, sent as {@code hostname}
     */
    public CrawlerNotifier(List<String> crawlers, String hostname, Duration interval, Clock clock) {
        Objects.requireNonNull(hostname, "hostname");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<URI> uris = new ArrayList<>();
        for (String c : crawlers) {
            uris.add(endpoint(c));
        }
        this.endpoints = List.copyOf(uris);
        this.body = ("{\"hostname\":\"" + hostname.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        this.http = endpoints.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    static URI endpoint(String crawler) {
        URI base;
        try {
            base = new URI(crawler);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("PDS_CRAWLERS entry is not a URL: " + crawler, e);
        }
        if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme()) || base.getHost() == null
                || base.getQuery() != null || base.getFragment() != null) {
            throw new IllegalArgumentException("PDS_CRAWLERS entry must be an http(s) URL such as https://bsky.network: " + crawler);
        }
        String s = crawler.endsWith("/") ? crawler.substring(0, crawler.length() - 1) : crawler;
        return URI.create(s + "/xrpc/com.atproto.sync.requestCrawl");
    }

    /** Sends the startup round; later rounds that wait for the interval run on {@code timer}. */
    void start(ScheduledExecutorService timer) {
        this.timer = timer;
        if (!endpoints.isEmpty()) {
            requestCrawl();
        }
    }

    /** New events were logged: ask for a crawl now, or once the interval since the last round ends. */
    void notifyOfUpdate() {
        if (endpoints.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long last = lastSent.get();
        long due = last == Long.MIN_VALUE ? now : last + interval.toMillis();
        if (now >= due) {
            if (lastSent.compareAndSet(last, now)) {
                send();
            }
            return;
        }
        ScheduledExecutorService t = timer;
        if (!followUpScheduled && t != null) {
            followUpScheduled = true;
            try {
                t.schedule(() -> {
                    followUpScheduled = false;
                    notifyOfUpdate();
                }, due - now, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** One round now, whatever the interval (startup). */
    void requestCrawl() {
        lastSent.set(clock.millis());
        send();
    }

    private void send() {
        for (URI uri : endpoints) {
            sent.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                answered.incrementAndGet();
                if (failure != null) {
                    LOG.warn("requestCrawl to {} failed: {}", uri, failure.toString());
                } else if (response.statusCode() != 200) {
                    LOG.warn("requestCrawl to {} answered {}: {}", uri, response.statusCode(), abbreviate(response.body()));
                } else {
                    LOG.info("requestCrawl to {} accepted", uri);
                }
            });
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Requests sent since start (one per crawler per round). */
    public long requestsSent() {
        return sent.get();
    }

    /** Requests that got an answer or failed since start. */
    public long requestsFinished() {
        return answered.get();
    }
}
