package dev.pds.server.oauth.browser;

import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthException;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.ratelimit.LoginAttempts;
import dev.pds.server.ratelimit.RateLimitExceeded;
import dev.pds.server.oauth.client.ClientMetadata;
import dev.pds.server.oauth.request.PendingRequest;
import dev.pds.server.oauth.scope.Scopes;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint's pages: {@code GET /oauth/authorize} opens a pushed request in
 * the browser; the forms post to {@code /sign-in}, {@code /select}, {@code /consent} and
 * {@code /cancel} under it. The outcome is a redirect to the app with {@code code} (or
 * {@code error}), {@code state} and {@code iss} (RFC 9207).
 */
public final class AuthorizePages {
    /** How long a sign-in on a browser lasts before the password is asked again. */
    static final Duration SIGN_IN_LIFETIME = Duration.ofDays(7);
    static final String TOO_MANY_TRIES = "Too many sign-in attempts for this account from here. Try again later.";

    private final OAuthServer oauth;
    private final AccountStore accounts;
    private final PasswordHasher passwords;
    private final DeviceStore devices;
    private final BrowserSession browser;
    private final PageViews views;
    private final String decoyHash;
    private final LoginAttempts logins;

    public AuthorizePages(OAuthServer oauth, AccountStore accounts, PasswordHasher passwords, LoginAttempts logins) {
        this.oauth = oauth;
        this.accounts = accounts;
        this.passwords = passwords;
        this.logins = logins;
        this.devices = oauth.devices();
        this.browser = new BrowserSession(oauth.browserKey(), oauth.endpoints().issuer());
        this.views = new PageViews(java.net.URI.create(oauth.endpoints().issuer()).getHost());
        this.decoyHash = passwords.hash("decoy password of no account");
    }

    public BrowserSession browser() {
        return browser;
    }

    PageViews views() {
        return views;
    }

    /** GET /oauth/authorize?client_id=...&request_uri=... */
    public FullHttpResponse open(RouteRequest request) {
        Optional<String> cookie = browser.deviceId(request);
        String device = cookie.filter(devices::exists).orElseGet(() -> {
            String id = BrowserSession.newDeviceId();
            devices.create(id, oauth.clock().instant());
            return id;
        });
        FullHttpResponse response = openFor(request, device);
        if (cookie.isEmpty() || !cookie.get().equals(device)) {
            response.headers().add("Set-Cookie", browser.setCookie(device));
        }
        return response;
    }

    private FullHttpResponse openFor(RouteRequest request, String device) {
        Optional<String> clientId = request.queryParam("client_id");
        Optional<String> requestUri = request.queryParam("request_uri");
        if (clientId.isEmpty() || requestUri.isEmpty()) {
            return errorPage("Invalid sign-in link", "This page needs client_id and request_uri: apps must push their "
                    + "authorization request first (PAR).");
        }
        Step step;
        try {
            step = step(requestUri.get(), device);
        } catch (OAuthException e) {
            return errorPage("This sign-in link cannot be used", e.description());
        }
        if (!step.client().clientId().value().equals(clientId.get())) {
            return errorPage("Invalid sign-in link", "The client_id does not match the authorization request.");
        }
        List<PageViews.AccountChoice> choices = signedIn(device);
        Optional<String> prompt = step.pending().request().prompt();
        if (prompt.equals(Optional.of("none"))) {
            if (choices.size() != 1) {
                return toClient(step, Map.of("error", choices.isEmpty() ? "login_required" : "account_selection_required"));
            }
            if (!alreadyApproved(device, choices.get(0).did(), step)) {
                return toClient(step, Map.of("error", "consent_required"));
            }
            return approve(step, device, choices.get(0).did());
        }
        if (prompt.equals(Optional.of("login"))) {
            choices = List.of();
        }
        return signInPage(step, device, choices, Optional.empty(), "", HttpResponseStatus.OK);
    }

    /** POST /oauth/authorize/{sign-in,select,consent,cancel} */
    public FullHttpResponse post(RouteRequest request, String action, Map<String, String> form) {
        Optional<String> device = browser.deviceId(request);
        if (device.isEmpty() || !browser.formIsGenuine(request, device.get(), form.get("csrf"))) {
            return PageResponses.html(HttpResponseStatus.FORBIDDEN, views.error("Request refused",
                    "This form did not come from this server's page in this browser. Open the sign-in link again."),
                    Optional.empty());
        }
        Step step;
        try {
            step = step(form.get("request_uri"), device.get());
        } catch (OAuthException e) {
            return errorPage("This sign-in link cannot be used", e.description());
        }
        switch (action) {
            case "sign-in":
                return signIn(step, device.get(), form, request.clientIp());
            case "select":
                return withFreshAccount(step, device.get(), form.get("did"), false);
            case "consent":
                if ("allow".equals(form.get("decision"))) {
                    return withFreshAccount(step, device.get(), form.get("did"), true);
                }
                oauth.requests().delete(step.pending());
                return toClient(step, Map.of("error", "access_denied", "error_description", "The user denied access"));
            case "cancel":
                oauth.requests().delete(step.pending());
                return toClient(step, Map.of("error", "access_denied", "error_description", "The user cancelled"));
            default:
                return errorPage("Not found", "No such page.");
        }
    }

    private FullHttpResponse signIn(Step step, String device, Map<String, String> form, String clientIp) {
        String identifier = form.getOrDefault("identifier", "").trim();
        String password = form.getOrDefault("password", "");
        Optional<Account> account;
        try {
            account = checkPassword(identifier, password, clientIp);
        } catch (RateLimitExceeded e) {
            return tooManyTries(signInPage(step, device, signedIn(device), Optional.of(TOO_MANY_TRIES), identifier,
                    HttpResponseStatus.TOO_MANY_REQUESTS), e);
        }
        if (account.isEmpty()) {
            return signInPage(step, device, signedIn(device), Optional.of("Wrong handle, email or password."), identifier,
                    HttpResponseStatus.UNAUTHORIZED);
        }
        if (account.get().status() == AccountStatus.TAKENDOWN) {
            return signInPage(step, device, signedIn(device), Optional.of("This account has been taken down."), identifier,
                    HttpResponseStatus.FORBIDDEN);
        }
        Optional<String> hint = step.pending().request().loginHint();
        if (hint.isPresent() && !matchesHint(account.get(), hint.get())) {
            return signInPage(step, device, signedIn(device), Optional.of("The app asked you to sign in as " + hint.get()
                    + "; sign in with that account, or go back to the app to use another one."), identifier,
                    HttpResponseStatus.FORBIDDEN);
        }
        devices.signedIn(device, account.get().did().toString(), oauth.clock().instant());
        return withFreshAccount(step, device, account.get().did().toString(), false);
    }

    /** Consent page for a signed-in account, or straight back to the app when it already approved these scopes. */
    private FullHttpResponse withFreshAccount(Step step, String device, String did, boolean allow) {
        Optional<Account> account = did == null ? Optional.empty() : freshAccount(device, did);
        if (account.isEmpty()) {
            return signInPage(step, device, signedIn(device), Optional.of("Please sign in again."), "",
                    HttpResponseStatus.UNAUTHORIZED);
        }
        boolean forceConsent = step.pending().request().prompt().equals(Optional.of("consent"));
        if (allow || (!forceConsent && alreadyApproved(device, did, step))) {
            return approve(step, device, did);
        }
        Scopes scopes = Scopes.parse(step.pending().request().scope());
        List<String> lines = ScopeDescriptions.describe(scopes, oauth.permissionSets(), account.get().handle());
        return PageResponses.html(HttpResponseStatus.OK, views.consent(flow(step, device),
                new PageViews.AccountChoice(did, account.get().handle()), lines), redirectOrigin(step));
    }

    private FullHttpResponse approve(Step step, String device, String did) {
        PendingRequest approved = oauth.requests().approve(step.pending(), did);
        devices.approved(device, did, step.client().clientId().value(), step.pending().request().scope());
        return toClient(step, Map.of("code", approved.code().orElseThrow()));
    }

    private boolean alreadyApproved(String device, String did, Step step) {
        Optional<DeviceStore.DeviceAccount> a = devices.account(device, did);
        String before = a.map(x -> x.approvedScopes().get(step.client().clientId().value())).orElse(null);
        return before != null && Scopes.parse(before).tokens().containsAll(Scopes.parse(step.pending().request().scope())
                .tokens());
    }

    /** A redirect to the app's redirect_uri with the given parameters plus state and iss. */
    private FullHttpResponse toClient(Step step, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("state", step.pending().request().state());
        all.put("iss", oauth.endpoints().issuer());
        StringBuilder q = new StringBuilder();
        all.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        String uri = step.pending().request().redirectUri();
        String sep = step.pending().request().responseMode().equals("fragment") ? "#" : uri.contains("?") ? "&" : "?";
        return PageResponses.redirect(uri + sep + q, redirectOrigin(step));
    }

    private FullHttpResponse signInPage(Step step, String device, List<PageViews.AccountChoice> choices,
            Optional<String> error, String identifier, HttpResponseStatus status) {
        Optional<String> hint = step.pending().request().loginHint();
        List<PageViews.AccountChoice> shown = hint.isEmpty() ? choices
                : choices.stream().filter(c -> c.did().equals(hint.get()) || c.handle().equals(hint.get().toLowerCase()))
                        .toList();
        return PageResponses.html(status, views.signIn(flow(step, device), shown, hint, error, identifier),
                Optional.empty());
    }

    private Step step(String requestUri, String device) {
        PendingRequest pending = oauth.requests().get(requestUri);
        if (pending.code().isPresent()) {
            throw OAuthException.invalidRequest("This authorization request was already completed");
        }
        ClientMetadata client = oauth.clients().get(pending.request().clientId());
        return new Step(oauth.requests().touch(pending, device), client);
    }

    private record Step(PendingRequest pending, ClientMetadata client) {
    }

    private PageViews.Flow flow(Step step, String device) {
        return new PageViews.Flow(step.pending().requestUri(), browser.csrfToken(device), step.client());
    }

    /** Accounts signed in on this browser recently enough, that still exist and are not taken down. */
    List<PageViews.AccountChoice> signedIn(String device) {
        return devices.accounts(device).stream()
                .filter(a -> a.authenticatedAt().plus(SIGN_IN_LIFETIME).isAfter(oauth.clock().instant()))
                .map(a -> accounts.find(a.did()))
                .flatMap(Optional::stream)
                .filter(a -> a.status() != AccountStatus.TAKENDOWN)
                .map(a -> new PageViews.AccountChoice(a.did().toString(), a.handle()))
                .toList();
    }

    Optional<Account> freshAccount(String device, String did) {
        return signedIn(device).stream().filter(c -> c.did().equals(did)).findFirst()
                .flatMap(c -> accounts.find(c.did()));
    }

    /**
     * The account for a handle or email and password; the same work whether or not it exists.
     * The try counts against the login limits first.
     *
     * @throws RateLimitExceeded when this identifier and address have used their tries
     */
    Optional<Account> checkPassword(String identifier, String password, String clientIp) {
        logins.count(identifier, clientIp);
        Optional<Account> found = identifier.isEmpty() || identifier.length() > 256 ? Optional.empty()
                : accounts.find(identifier.startsWith("@") ? identifier.substring(1) : identifier);
        boolean ok = passwords.verify(password, found.map(Account::passwordHash).orElse(decoyHash));
        return ok ? found : Optional.empty();
    }

    /** A page answering a try over the login limits, with the limit's headers and Retry-After. */
    static FullHttpResponse tooManyTries(FullHttpResponse page, RateLimitExceeded e) {
        e.responseHeaders().forEach(page.headers()::set);
        return page;
    }

    private static boolean matchesHint(Account a, String hint) {
        String h = hint.startsWith("@") ? hint.substring(1) : hint;
        return a.did().toString().equals(h) || a.handle().equalsIgnoreCase(h);
    }

    private static Optional<String> redirectOrigin(Step step) {
        return Optional.of(step.pending().request().redirectUri());
    }

    private FullHttpResponse errorPage(String title, String message) {
        return PageResponses.html(HttpResponseStatus.BAD_REQUEST, views.error(title, message), Optional.empty());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    Instant now() {
        return oauth.clock().instant();
    }
}
