package dev.pds.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.store.RepoStore;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.oauth.browser.DeviceStore;
import dev.pds.server.oauth.client.ClientAuthenticator;
import dev.pds.server.oauth.client.ClientRegistry;
import dev.pds.server.oauth.client.SafeFetcher;
import dev.pds.server.oauth.dpop.DpopNonces;
import dev.pds.server.oauth.dpop.DpopVerifier;
import dev.pds.server.oauth.dpop.ReplayCache;
import dev.pds.server.oauth.request.RequestStore;
import dev.pds.server.oauth.scope.PermissionSets;
import dev.pds.server.oauth.token.AccessTokens;
import dev.pds.server.oauth.token.GrantStore;
import dev.pds.server.oauth.token.Lifetimes;
import dev.pds.server.oauth.token.TokenService;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's OAuth parts, built once: where the endpoints are, DPoP nonces and proof checks,
 * the replay memory, the client registry and client authentication, the stores, the token
 * service. Its keys are derived from the server's JWT secret with a label per use, so no new
 * secret has to be kept and none is shared between two uses.
 *
 * <p>State in {@link dev.pds.core.store.Table#OAUTH}, one key prefix per kind (each store's
 * javadoc has the details): {@code q k x} pending requests, codes, used PKCE challenges
 * ({@link RequestStore}); {@code g G r c} sessions, sessions by account, refresh token hashes,
 * exchanged codes ({@link GrantStore}); {@code d D} browsers and the accounts signed in on them
 * ({@link DeviceStore}). DPoP and client-assertion jtis are kept in memory ({@link ReplayCache}).
 */
public final class OAuthServer implements AutoCloseable {
    /** DPoP jtis are remembered for the longest time a proof can be accepted (nonce lifetime and skew). */
    static final Duration DPOP_REPLAY_WINDOW = Duration.ofMinutes(7);
    static final int MAX_REPLAY_ENTRIES = 2_000_000;
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
    static final Duration SWEEP_MARGIN = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(OAuthServer.class);

    private final OAuthEndpoints endpoints;
    private final boolean devMode;
    private final Clock clock;
    private final DpopVerifier dpop;
    private final ClientRegistry clients;
    private final ClientAuthenticator clientAuth;
    private final RequestStore requests;
    private final byte[] browserKey;
    private final PermissionSets permissionSets;
    private final DeviceStore devices;
    private final TokenService tokens;
    private ScheduledExecutorService sweeper;

    /**
     * @param serviceDid    the audience of access tokens (this PDS)
     * @param accountActive whether a DID is an account here that may get tokens
     * @param lexicons      lexicon documents by NSID, where permission sets are found
     */
    public OAuthServer(OAuthEndpoints endpoints, boolean devMode, String jwtSecret, String serviceDid, RepoStore store,
            Predicate<String> accountActive, Function<String, Optional<JsonNode>> lexicons, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.devMode = devMode;
        this.clock = Objects.requireNonNull(clock, "clock");
        ReplayCache replays = new ReplayCache(DPOP_REPLAY_WINDOW, MAX_REPLAY_ENTRIES, clock);
        DpopNonces nonces = new DpopNonces(derive(jwtSecret, "oauth dpop nonce"), DpopNonces.DEFAULT_PERIOD, clock);
        this.dpop = new DpopVerifier(nonces, replays, clock);
        this.clients = new ClientRegistry(new SafeFetcher(devMode), devMode, clock);
        this.clientAuth = new ClientAuthenticator(endpoints.issuer(), replays, clock);
        this.requests = new RequestStore(store, clock);
        this.browserKey = derive(jwtSecret, "oauth browser session");
        this.permissionSets = new PermissionSets(lexicons);
        this.devices = new DeviceStore(store);
        AccessTokens access = new AccessTokens(derive(jwtSecret, "oauth access token"), endpoints.issuer(), serviceDid, clock);
        this.tokens = new TokenService(requests, new GrantStore(store), access, permissionSets, accountActive,
                Lifetimes.PROFILE, clock);
    }

    public static OAuthServer create(PdsConfig config, RepoStore store, AccountStore accounts, LexiconCatalog lexicons,
            Clock clock) {
        Predicate<String> active = did -> accounts.find(did).filter(a -> a.status() != AccountStatus.TAKENDOWN).isPresent();
        return new OAuthServer(new OAuthEndpoints(config.publicUrl()), config.devMode(), config.secrets().jwtSecret(),
                config.serviceDid(), store, active, lexicons::document, clock);
    }

    /** What one sweep deleted, in keys, by kind of state. */
    public record Swept(int requests, int sessions, int browsers) {
        public int total() {
            return requests + sessions + browsers;
        }
    }

    /**
     * Deletes the state no flow can use any more: requests, codes and challenges past their
     * time, ended sessions, forgotten browsers. Only what ended {@link #SWEEP_MARGIN} before
     * {@code now}, so a step racing its own expiry meets the expiry error, not a vanished row.
     */
    public Swept sweep(Instant now) {
        Instant before = now.minus(SWEEP_MARGIN);
        return new Swept(requests.sweep(before), tokens.grants().sweep(before, tokens::refreshableUntil),
                devices.sweep(before));
    }

    /** Sweeps every {@link #SWEEP_INTERVAL} on a daemon thread of its own until {@link #close}. */
    public synchronized void startSweeping() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pds-oauth-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = SWEEP_INTERVAL.toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                Swept swept = sweep(clock.instant());
                if (swept.total() > 0) {
                    LOG.info("Removed expired OAuth state: {} request keys, {} session keys, {} browser keys",
                            swept.requests(), swept.sessions(), swept.browsers());
                }
            } catch (RuntimeException e) {
                LOG.error("Sweeping expired OAuth state failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops sweeping (the stores themselves belong to the server). */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    public PermissionSets permissionSets() {
        return permissionSets;
    }

    public DeviceStore devices() {
        return devices;
    }

    public TokenService tokens() {
        return tokens;
    }

    public OAuthEndpoints endpoints() {
        return endpoints;
    }

    public boolean devMode() {
        return devMode;
    }

    public Clock clock() {
        return clock;
    }

    public DpopVerifier dpop() {
        return dpop;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ClientAuthenticator clientAuth() {
        return clientAuth;
    }

    public RequestStore requests() {
        return requests;
    }

    /** The HMAC key of browser session cookies and CSRF tokens. */
    public byte[] browserKey() {
        return browserKey.clone();
    }

    /** HMAC-SHA256(secret, label): one independent 32-byte key per use. */
    static byte[] derive(String secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
