package dev.pds.server.oauth.dpop;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-issued DPoP nonces (RFC 9449 section 8) that rotate: the nonce of a period is
 * HMAC-SHA256(secret, period number), so every server sharing the secret agrees and nothing
 * is stored. The nonce handed out is the next period's, and the previous, current and next
 * periods' are all accepted, so a nonce stays valid for two to three periods (at most three
 * minutes with the default one-minute period, inside the profile's five-minute limit) and
 * clients with requests in flight during a rotation are not refused.
 */
public final class DpopNonces {
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

    private final byte[] secret;
    private final long periodMillis;
    private final Clock clock;
    /** The nonces around the current period, computed once per period (HMACs are not free on every call). */
    private volatile Window window = new Window(Long.MIN_VALUE, "", "", "");

    private record Window(long period, String previous, String current, String next) {
    }

    public DpopNonces(byte[] secret, Duration period, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the nonce secret must be at least 32 bytes");
        }
        this.secret = secret.clone();
        this.periodMillis = period.toMillis();
        if (periodMillis < 1000 || period.compareTo(Duration.ofMinutes(5).dividedBy(3)) > 0) {
            throw new IllegalArgumentException("the rotation period must be between 1 s and 100 s");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The nonce to send to clients now. */
    public String next() {
        return window().next();
    }

    /** Whether a nonce is one of those currently accepted. */
    public boolean isValid(String nonce) {
        if (nonce == null || nonce.length() != 43) {
            return false;
        }
        Window w = window();
        return nonce.equals(w.current()) || nonce.equals(w.next()) || nonce.equals(w.previous());
    }

    private Window window() {
        long now = period();
        Window w = window;
        if (w.period() != now) {
            w = new Window(now, nonce(now - 1), nonce(now), nonce(now + 1));
            window = w;
        }
        return w;
    }

    private long period() {
        return Math.floorDiv(clock.millis(), periodMillis);
    }

    private String nonce(long period) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal(ByteBuffer.allocate(8).putLong(period).array());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
