package dev.pds.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.server.xrpc.XrpcJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * XRPC calls of the operator's commands to a running server, with the admin password (HTTP
 * Basic, user {@code admin}), as the reference's {@code pdsadmin} script makes them.
 */
final class AdminClient {
    /** An XRPC error answer, or a server that could not be reached, in one line. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String basic;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param adminPassword null for calls that need none (a relay's requestCrawl) */
    AdminClient(URI base, String adminPassword) {
        this.base = base;
        this.basic = adminPassword == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode query(String nsid, Map<String, String> params) throws Failure {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(xrpc(nsid + q)).GET());
    }

    JsonNode procedure(String nsid, Object body) throws Failure {
        return send(HttpRequest.newBuilder(xrpc(nsid)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(XrpcJson.write(body))));
    }

    private URI xrpc(String rest) {
        return URI.create(base.toString().replaceAll("/+$", "") + "/xrpc/" + rest);
    }

    private JsonNode send(HttpRequest.Builder request) throws Failure {
        HttpResponse<byte[]> r;
        try {
            if (basic != null) {
                request.header("authorization", basic);
            }
            r = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Failure("cannot reach the server at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        JsonNode json;
        try {
            json = r.body().length == 0 ? XrpcJson.object() : XrpcJson.parse(r.body());
        } catch (RuntimeException e) {
            throw new Failure("the server at " + base + " answered " + r.statusCode() + " with something that is not JSON");
        }
        if (r.statusCode() / 100 != 2) {
            throw new Failure(r.statusCode() + " " + json.path("error").asText("Error") + ": " + json.path("message").asText(""));
        }
        return json;
    }
}
