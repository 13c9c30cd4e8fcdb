package dev.pds.server.oauth.browser;

import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthIds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's side of the authorization pages: a device cookie ({@code HttpOnly},
 * {@code SameSite=Lax}, {@code Secure} on https), and CSRF protection for every form: a token
 * derived from the device id with a server key, required in the form, plus a same-origin check
 * of {@code Origin} and {@code Sec-Fetch-Site} when the browser sends them.
 */
public final class BrowserSession {
    public static final String COOKIE = "pds-oauth-device";
    /** The device cookie's Max-Age: set once, when the browser is first seen. */
    public static final Duration COOKIE_LIFETIME = Duration.ofDays(365);
    private static final Pattern DEVICE_ID = Pattern.compile("dev-[A-Za-z0-9_-]{22}");

    private final byte[] key;
    private final String origin;
    private final boolean secure;

    public BrowserSession(byte[] key, String issuer) {
        this.key = key.clone();
        this.origin = issuer;
        this.secure = URI.create(issuer).getScheme().equals("https");
    }

    public static String newDeviceId() {
        return "dev-" + OAuthIds.random(16);
    }

    /** The device id of the request's cookie, when it has a well-formed one. */
    public Optional<String> deviceId(RouteRequest request) {
        for (String header : request.headerValues("cookie")) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    String v = p.substring(COOKIE.length() + 1);
                    if (DEVICE_ID.matcher(v).matches()) {
                        return Optional.of(v);
                    }
                }
            }
        }
        return Optional.empty();
    }

    public String setCookie(String deviceId) {
        return COOKIE + "=" + deviceId + "; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=" + COOKIE_LIFETIME.toSeconds() + (secure ? "; Secure" : "");
    }

    public String csrfToken(String deviceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("csrf\0" + deviceId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether a form post comes from our own page in this browser. */
    public boolean formIsGenuine(RouteRequest request, String deviceId, String csrf) {
        Optional<String> from = request.header("origin");
        if (from.isPresent() && !from.get().equals(origin)) {
            return false;
        }
        Optional<String> site = request.header("sec-fetch-site");
        if (site.isPresent() && !site.get().equals("same-origin")) {
            return false;
        }
        return csrf != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                csrfToken(deviceId).getBytes(StandardCharsets.US_ASCII));
    }
}
