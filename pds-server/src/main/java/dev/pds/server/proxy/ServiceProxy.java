package dev.pds.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.AuthVerifier;
import dev.pds.server.auth.Credentials;
import dev.pds.server.readafterwrite.LocalWrites;
import dev.pds.server.readafterwrite.Munged;
import dev.pds.server.readafterwrite.ReadAfterWrite;
import dev.pds.server.xrpc.BodyWriter;
import dev.pds.server.xrpc.RequestBody;
import dev.pds.server.xrpc.XrpcFallback;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service proxying, as the reference PDS does it: a call to a method this server does not have
 * goes to the service its {@code atproto-proxy} header names, or to the configured app view,
 * on behalf of the logged-in account. The caller's token stays here; the call carries a
 * service-auth JWT signed with the account's key instead ({@link ServiceAuthToken}). The
 * answer comes back with its status, type and the headers the reference forwards, a success
 * streamed as it arrives; an upstream 500 becomes 502 UpstreamFailure, as does an upstream that
 * cannot be reached.
 */
public final class ServiceProxy implements XrpcFallback {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
    /** Largest upstream error answer read (it is held whole to map it); successes are streamed. */
    static final int MAX_ERROR_BYTES = 1024 * 1024;
    /**
     * Largest app view answer held whole to put the caller's unseen writes in (its JSON tree takes
     * several times this much heap); the official app's pages are a few hundred kB.
     */
    static final int MAX_MUNGED_BYTES = 2 * 1024 * 1024;
    static final String GET_FEED = "app.bsky.feed.getFeed";
    static final String GET_FEED_SKELETON = "app.bsky.feed.getFeedSkeleton";
    /** Push registrations, which go to the notification service their body names. */
    static final List<String> PUSH = List.of("app.bsky.notification.registerPush", "app.bsky.notification.unregisterPush");
    static final String NOTIF_ID = "bsky_notif";
    static final List<String> PREFERENCES = List.of("app.bsky.actor.getPreferences", "app.bsky.actor.putPreferences");
    private static final List<String> REQUEST_HEADERS = List.of("accept-language", "atproto-accept-labelers", "x-bsky-topics");
    private static final List<String> RESPONSE_HEADERS = List.of("content-language", "atproto-repo-rev",
            "atproto-content-labelers", "retry-after");

    private final ServiceEndpoints endpoints;
    private final AuthVerifier auth;
    private final AccountStore accounts;
    private final Function<Account, Keypair> keys;
    private final Clock clock;
    private final Duration timeout;
    private final ReadAfterWrite readAfterWrite;
    private final AppViewClient appView;

    /** @param keys the account's signing key (the repo writer keeps them parsed) */
    public ServiceProxy(ServiceEndpoints endpoints, AuthVerifier auth, AccountStore accounts, Function<Account, Keypair> keys,
            Clock clock, Duration timeout, ReadAfterWrite readAfterWrite) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.readAfterWrite = Objects.requireNonNull(readAfterWrite, "readAfterWrite");
        this.appView = new AppViewClient(endpoints, keys, clock, timeout);
    }

    @Override
    public boolean takes(String nsid, Map<String, List<String>> headers) {
        return headers.containsKey("atproto-proxy") || endpoints.defaultTarget(nsid).isPresent() || PUSH.contains(nsid);
    }

    /**
     * Preferences are kept here for the configured app view; a call whose proxy header names
     * another service (another app view) is that service's, as on the reference. With no app
     * view configured they are all kept here (the reference has none then, and proxies every call).
     */
    @Override
    public boolean claims(String nsid, Map<String, List<String>> headers) {
        String header = first(headers, "atproto-proxy");
        return header != null && PREFERENCES.contains(nsid)
                && endpoints.appView().map(a -> !header.equals(a.did() + "#" + ServiceEndpoints.APP_VIEW_ID)).orElse(false);
    }

    /**
     * Where a push registration goes, as on the reference: to the notification service its body
     * names ({@code serviceDid}), whatever the proxy header says; the app view when it is that
     * service, else the {@code #bsky_notif} service of the DID's document.
     */
    private ProxyTarget pushTarget(RequestBody body) {
        String serviceDid;
        try {
            serviceDid = XrpcJson.parse(body.bytesUnsafe()).path("serviceDid").asText("");
        } catch (RuntimeException e) {
            throw XrpcException.invalidRequest("Input must be a JSON object with serviceDid");
        }
        if (!Did.isValid(serviceDid)) {
            throw XrpcException.invalidRequest("Input/serviceDid must be a valid did");
        }
        boolean appView = endpoints.appView().map(a -> a.did().equals(serviceDid)).orElse(false);
        return new ProxyTarget(serviceDid, appView ? ServiceEndpoints.APP_VIEW_ID : NOTIF_ID);
    }

    @Override
    public XrpcResponse call(String httpMethod, String nsid, Map<String, List<String>> query,
            Map<String, List<String>> headers, RequestBody body) throws IOException, InterruptedException {
        if (ServiceMethods.isProtected(nsid)) {
            throw XrpcException.badRequest("InvalidToken", "Bad token method");
        }
        String header = first(headers, "atproto-proxy");
        boolean push = PUSH.contains(nsid) && "POST".equals(httpMethod);
        ProxyTarget target = push ? pushTarget(body) : header != null ? ProxyTarget.parse(header)
                : endpoints.defaultTarget(nsid).orElseThrow(() -> XrpcException.invalidRequest("No service configured for " + nsid));
        // only a logged-in caller may make us look a DID document up
        Credentials credentials = auth.verify(AuthRequirement.ACCESS, httpMethod, "/xrpc/" + nsid, headers).orElseThrow();
        if (credentials.scope() == AuthScope.APP_PASS && ServiceMethods.isPrivileged(nsid)) {
            throw XrpcException.badRequest("InvalidToken", "Bad token method");
        }
        credentials.permissions().assertRpc(nsid, push ? target.did() + "#" + NOTIF_ID : target.withFragment());
        Account account = accounts.byDid(credentials.requireDid())
                .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "Account not found"));
        Keypair key = keys.apply(account);
        URI endpoint;
        try {
            endpoint = endpoints.resolve(target);
        } catch (XrpcException e) {
            if (push) {
                throw XrpcException.invalidRequest("invalid notification service details in did document: " + target.did());
            }
            throw e;
        }
        String aud = target.did();
        String lxm = nsid;
        if (GET_FEED.equals(nsid)) {
            // the app view hands the token on to the feed generator, so it is made out to that
            credentials.permissions().assertRpc(GET_FEED_SKELETON, target.withFragment());
            Optional<String> generator = appView.feedGeneratorDid(first(query, "feed"));
            if (generator.isPresent()) {
                aud = generator.get();
                lxm = GET_FEED_SKELETON;
            }
        }

        HttpRequest.Builder request = HttpRequest.newBuilder(xrpcUri(endpoint, nsid, query)).timeout(timeout)
                .header("authorization", "Bearer " + ServiceAuthToken.create(key, account.did().toString(), aud, lxm, clock))
                .header("accept-encoding", "identity");
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (REQUEST_HEADERS.contains(h.getKey()) || h.getKey().startsWith("x-atproto-")) {
                request.header(h.getKey(), String.join(",", h.getValue()));
            }
        }
        if ("POST".equals(httpMethod)) {
            String type = first(headers, "content-type");
            if (type != null) {
                request.header("content-type", type);
            }
            request.POST(body.file().isPresent() ? HttpRequest.BodyPublishers.ofFile(body.file().get())
                    : HttpRequest.BodyPublishers.ofByteArray(body.bytesUnsafe()));
        } else {
            request.GET();
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = endpoints.http().client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warn("Proxied {} to {}: {}", nsid, endpoint, e.toString());
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream service unreachable");
        }
        int status = upstream.statusCode();
        String type = upstream.headers().firstValue("content-type").orElse("application/json");
        String rev = upstream.headers().firstValue("atproto-repo-rev").orElse(null);
        if (status >= 200 && status < 300 && rev != null && ReadAfterWrite.applies(nsid) && isJson(type)) {
            Optional<LocalWrites> unseen;
            try {
                unseen = readAfterWrite.unseen(account, rev);
            } catch (RuntimeException e) {
                // the app view's answer is still good: it goes out as it came
                LOG.warn("Read-after-write could not read {}'s writes since {}: {}", account.did(), rev, e.toString());
                unseen = Optional.empty();
            }
            if (unseen.isPresent()) {
                return munged(upstream, status, type, nsid, query, account, unseen.get());
            }
        }
        if (status >= 200 && status < 300) {
            // passed on as it arrives: a large answer never sits whole in our small heap
            long length = upstream.headers().firstValueAsLong("content-length").orElse(-1);
            return forwardHeaders(upstream, XrpcResponse.stream(type, length, new UpstreamBody(upstream.body())).withStatus(status));
        }
        byte[] bytes;
        try (InputStream in = upstream.body()) {
            bytes = in.readNBytes(MAX_ERROR_BYTES + 1);
        } catch (IOException e) {
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream service unreachable");
        }
        if (bytes.length > MAX_ERROR_BYTES) {
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream answer too large");
        }
        if (status == 400 && rev != null && ReadAfterWrite.GET_POST_THREAD.equals(nsid) && "NotFound".equals(errorName(bytes))) {
            // a new post of the caller's that the app view has not seen: its thread is built here
            Optional<Munged> local = readAfterWrite.threadNotFound(query, account, rev, appView);
            if (local.isPresent()) {
                return mungedAnswer(upstream, local.get());
            }
        }
        return answer(upstream, status, type, bytes);
    }

    /**
     * A read-after-write answer: the app view's, held whole (up to {@link #MAX_MUNGED_BYTES}; a
     * larger one streams on unchanged), with the caller's unseen writes put in.
     */
    private XrpcResponse munged(HttpResponse<InputStream> upstream, int status, String type, String nsid,
            Map<String, List<String>> query, Account account, LocalWrites unseen) {
        InputStream in = upstream.body();
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_MUNGED_BYTES + 1);
        } catch (IOException e) {
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream service unreachable");
        }
        if (bytes.length > MAX_MUNGED_BYTES) {
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(bytes), in);
            return forwardHeaders(upstream, XrpcResponse.stream(type, -1, new UpstreamBody(whole)).withStatus(status));
        }
        try {
            in.close();
        } catch (IOException e) {
            // all of it was read
        }
        Optional<Munged> munged;
        try {
            munged = readAfterWrite.munge(nsid, query, XrpcJson.parse(bytes), account, unseen, appView);
        } catch (RuntimeException e) {
            munged = Optional.empty(); // not JSON after all: sent as it came
        }
        return munged.map(m -> mungedAnswer(upstream, m))
                .orElseGet(() -> forwardHeaders(upstream, XrpcResponse.ownBytes(type, bytes).withStatus(status)));
    }

    /** The reference sends only the lag with a changed answer; the app view's headers are kept here too. */
    private static XrpcResponse mungedAnswer(HttpResponse<?> upstream, Munged munged) {
        return forwardHeaders(upstream, XrpcResponse.ownBytes(XrpcResponse.JSON, XrpcJson.write(munged.body())))
                .withHeader("atproto-upstream-lag", Long.toString(munged.lagMillis()));
    }

    private static boolean isJson(String type) {
        return type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private static String errorName(byte[] body) {
        try {
            return XrpcJson.parse(body).path("error").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An upstream answer's body, copied to the client as it arrives; closing it lets the upstream connection go. */
    private record UpstreamBody(InputStream in) implements BodyWriter, AutoCloseable {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            in.transferTo(out);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static XrpcResponse answer(HttpResponse<?> upstream, int status, String type, byte[] bytes) {
        if (status == 500) {
            // the reference answers an upstream 500 as its own 502, keeping the error it was given
            String error = "UpstreamFailure";
            String message = "Upstream Failure";
            try {
                JsonNode json = XrpcJson.parse(bytes);
                error = json.path("error").asText(error);
                message = json.path("message").asText(message);
            } catch (RuntimeException e) {
                // not JSON: the generic name and message
            }
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, error, message);
        }
        return forwardHeaders(upstream, XrpcResponse.ownBytes(type, bytes).withStatus(status));
    }

    private static XrpcResponse forwardHeaders(HttpResponse<?> upstream, XrpcResponse response) {
        for (String name : RESPONSE_HEADERS) {
            List<String> values = upstream.headers().allValues(name);
            if (!values.isEmpty()) {
                response = response.withHeader(name, String.join(",", values));
            }
        }
        return response;
    }

    static URI xrpcUri(URI endpoint, String nsid, Map<String, List<String>> query) {
        String base = endpoint.toString().replaceAll("/+$", "");
        StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, values) -> values.forEach(v -> params.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return URI.create(base + "/xrpc/" + nsid + params);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
