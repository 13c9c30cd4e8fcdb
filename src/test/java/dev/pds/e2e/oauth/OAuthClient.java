package dev.pds.e2e.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.e2e.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test side of the OAuth endpoints: form posts with DPoP proofs, nonce tracking, PKCE. Each
 * instance is one client app instance with its own DPoP key, like an SDK session.
 */
final class OAuthClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOOPBACK_ID = "http://localhost?redirect_uri=" + enc("http://127.0.0.1/callback")
            + "&scope=" + enc("atproto transition:generic transition:email");

    final TestServer pds;
    final DpopKey key = new DpopKey();
    final String issuer;
    String nonce;

    OAuthClient(TestServer pds) {
        this.pds = pds;
        this.issuer = "http://localhost:" + pds.server.port();
    }

    /** A POST to an OAuth endpoint with a fresh DPoP proof, no nonce retry. */
    HttpResponse<String> postRaw(String path, Map<String, String> params, String dpop) throws Exception {
        HttpRequest.Builder b = pds.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        HttpResponse<String> r = pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        r.headers().firstValue("dpop-nonce").ifPresent(n -> nonce = n);
        return r;
    }

    /** A POST with a proof carrying our current nonce, retried once on use_dpop_nonce, as SDKs do. */
    HttpResponse<String> post(String path, Map<String, String> params) throws Exception {
        HttpResponse<String> r = postRaw(path, params, key.proof("POST", issuer + path, nonce, null));
        if (r.statusCode() == 400 && "use_dpop_nonce".equals(error(r))) {
            r = postRaw(path, params, key.proof("POST", issuer + path, nonce, null));
        }
        return r;
    }

    /** An XRPC call with {@code Authorization: DPoP} and a proof for it, retried once on use_dpop_nonce (401). */
    HttpResponse<String> xrpc(String method, String nsid, String query, String jsonBody, String accessToken)
            throws Exception {
        HttpResponse<String> r = xrpcOnce(method, nsid, query, jsonBody, accessToken,
                key.proof(method, issuer + "/xrpc/" + nsid, nonce, accessToken));
        if (r.statusCode() == 401 && r.headers().firstValue("www-authenticate").orElse("").contains("use_dpop_nonce")) {
            r = xrpcOnce(method, nsid, query, jsonBody, accessToken,
                    key.proof(method, issuer + "/xrpc/" + nsid, nonce, accessToken));
        }
        return r;
    }

    HttpResponse<String> xrpcOnce(String method, String nsid, String query, String jsonBody, String accessToken,
            String proof) throws Exception {
        HttpRequest.Builder b = pds.request("/xrpc/" + nsid + (query == null ? "" : "?" + query))
                .header("Authorization", "DPoP " + accessToken);
        if (proof != null) {
            b.header("DPoP", proof);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        r.headers().firstValue("dpop-nonce").ifPresent(n -> nonce = n);
        return r;
    }

    /** The PAR parameters of a loopback client asking for atproto transition:generic. */
    static Map<String, String> parParams(String clientId, Pkce pkce) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", clientId);
        p.put("response_type", "code");
        p.put("code_challenge", pkce.challenge);
        p.put("code_challenge_method", "S256");
        p.put("state", "state-" + pkce.verifier.substring(0, 8));
        p.put("redirect_uri", "http://127.0.0.1/callback");
        p.put("scope", "atproto transition:generic");
        return p;
    }

    static String error(HttpResponse<String> r) {
        try {
            JsonNode j = JSON.readTree(r.body());
            return j.path("error").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A PKCE verifier and its S256 challenge. */
    static final class Pkce {
        final String verifier;
        final String challenge;

        Pkce() {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            challenge = DpopKey.sha256(verifier);
        }
    }
}
