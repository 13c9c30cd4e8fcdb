package dev.pds.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.AtUri;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.Account;
import dev.pds.server.config.ServiceConfig;
import dev.pds.server.readafterwrite.AppViewReads;
import dev.pds.server.xrpc.XrpcJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The PDS's own calls to the configured app view, beside the calls it forwards: the views
 * read-after-write needs for embedded records, and the record of a feed generator, whose DID
 * a getFeed call's service JWT must name.
 */
final class AppViewClient implements AppViewReads {
    /** Largest answer read; these are single views and records. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final ServiceEndpoints endpoints;
    private final Function<Account, Keypair> keys;
    private final Clock clock;
    private final Duration timeout;

    AppViewClient(ServiceEndpoints endpoints, Function<Account, Keypair> keys, Clock clock, Duration timeout) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Optional<JsonNode> query(Account account, String nsid, Map<String, String> params) {
        Optional<ServiceConfig> appView = endpoints.appView();
        if (appView.isEmpty()) {
            return Optional.empty();
        }
        String token = ServiceAuthToken.create(keys.apply(account), account.did().toString(), appView.get().did(), nsid, clock);
        try {
            Answer answer = get(appView.get(), nsid, params, token);
            return answer.status() / 100 == 2 ? Optional.of(XrpcJson.parse(answer.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The DID in a feed generator's record, read from the app view as the reference does;
     * the app view's own error when it has no such record, UnknownFeed when the record names no DID.
     */
    Optional<String> feedGeneratorDid(String feed) throws InterruptedException {
        Optional<ServiceConfig> appView = endpoints.appView();
        if (appView.isEmpty()) {
            return Optional.empty();
        }
        if (feed == null || !AtUri.isValid(feed) || !AtUri.parse(feed).isRecord()) {
            throw XrpcException.invalidRequest("feed must be a valid at-uri");
        }
        AtUri uri = AtUri.parse(feed);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", uri.authority().toString());
        params.put("collection", uri.collection().orElseThrow().toString());
        params.put("rkey", uri.rkey().orElseThrow().toString());
        Answer answer;
        try {
            answer = get(appView.get(), "com.atproto.repo.getRecord", params, null);
        } catch (IOException e) {
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream service unreachable");
        }
        JsonNode json;
        try {
            json = XrpcJson.parse(answer.body());
        } catch (RuntimeException e) {
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream Failure");
        }
        if (answer.status() / 100 != 2) {
            if (answer.status() / 100 == 4) {
                throw XrpcException.badRequest(json.path("error").asText("InvalidRequest"), json.path("message").asText("Bad request"));
            }
            throw new XrpcException(ErrorStatus.UPSTREAM_FAILURE, "UpstreamFailure", "Upstream Failure");
        }
        JsonNode did = json.path("value").path("did");
        if (!did.isTextual()) {
            throw XrpcException.badRequest("UnknownFeed", "could not resolve feed did");
        }
        return Optional.of(did.asText());
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer get(ServiceConfig service, String nsid, Map<String, String> params, String token)
            throws IOException, InterruptedException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        HttpRequest.Builder request = HttpRequest.newBuilder(ServiceProxy.xrpcUri(URI.create(service.url()), nsid, query))
                .timeout(timeout).header("accept-encoding", "identity").GET();
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = endpoints.http().client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new IOException("answer of " + nsid + " over " + MAX_ANSWER_BYTES + " bytes");
            }
            return new Answer(response.statusCode(), body);
        }
    }
}
