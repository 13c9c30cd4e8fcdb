package dev.pds.server.oauth.browser;

import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.http.RouteRequest;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.ratelimit.RateLimitExceeded;
import dev.pds.server.oauth.token.Grant;
import dev.pds.server.oauth.token.GrantStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /oauth/account}: the accounts signed in on this browser, the apps holding access to
 * each (their OAuth sessions), and a button to revoke any of them or sign the account out.
 */
public final class AccountPage {
    public static final String PATH = "/oauth/account";

    private final OAuthServer oauth;
    private final AuthorizePages pages;
    private final GrantStore grants;

    public AccountPage(OAuthServer oauth, AuthorizePages pages) {
        this.oauth = oauth;
        this.pages = pages;
        this.grants = oauth.tokens().grants();
    }

    public FullHttpResponse show(RouteRequest request) {
        Optional<String> cookie = pages.browser().deviceId(request).filter(oauth.devices()::exists);
        String device = cookie.orElseGet(() -> {
            String id = BrowserSession.newDeviceId();
            oauth.devices().create(id, pages.now());
            return id;
        });
        FullHttpResponse r = render(device, Optional.empty(), HttpResponseStatus.OK);
        if (cookie.isEmpty()) {
            r.headers().add("Set-Cookie", pages.browser().setCookie(device));
        }
        return r;
    }

    public FullHttpResponse post(RouteRequest request, String action, Map<String, String> form) {
        Optional<String> device = pages.browser().deviceId(request);
        if (device.isEmpty() || !pages.browser().formIsGenuine(request, device.get(), form.get("csrf"))) {
            return PageResponses.html(HttpResponseStatus.FORBIDDEN, pages.views().error("Request refused",
                    "This form did not come from this server's page in this browser."), Optional.empty());
        }
        String did = form.getOrDefault("did", "");
        switch (action) {
            case "sign-in": {
                Optional<Account> a;
                try {
                    a = pages.checkPassword(form.getOrDefault("identifier", "").trim(), form.getOrDefault("password", ""),
                            request.clientIp());
                } catch (RateLimitExceeded e) {
                    return AuthorizePages.tooManyTries(render(device.get(), Optional.of(AuthorizePages.TOO_MANY_TRIES),
                            HttpResponseStatus.TOO_MANY_REQUESTS), e);
                }
                if (a.isEmpty() || a.get().status() == AccountStatus.TAKENDOWN) {
                    return render(device.get(), Optional.of("Wrong handle, email or password."),
                            HttpResponseStatus.UNAUTHORIZED);
                }
                oauth.devices().signedIn(device.get(), a.get().did().toString(), pages.now());
                return PageResponses.redirect(PATH, Optional.empty());
            }
            case "revoke": {
                if (pages.freshAccount(device.get(), did).isEmpty()) {
                    return render(device.get(), Optional.of("Sign in again to manage this account."),
                            HttpResponseStatus.UNAUTHORIZED);
                }
                grants.get(form.getOrDefault("grant", "")).filter(g -> g.did().equals(did)).ifPresent(grants::delete);
                return PageResponses.redirect(PATH, Optional.empty());
            }
            case "sign-out":
                oauth.devices().signOut(device.get(), did);
                return PageResponses.redirect(PATH, Optional.empty());
            default:
                return PageResponses.html(HttpResponseStatus.NOT_FOUND, pages.views().error("Not found", "No such page."),
                        Optional.empty());
        }
    }

    private FullHttpResponse render(String device, Optional<String> error, HttpResponseStatus status) {
        List<PageViews.AccountChoice> accounts = pages.signedIn(device);
        Map<String, List<PageViews.AppAccess>> apps = new LinkedHashMap<>();
        for (PageViews.AccountChoice a : accounts) {
            apps.put(a.did(), grants.ids(a.did()).stream().map(grants::get).flatMap(Optional::stream)
                    .map(AccountPage::access).toList());
        }
        return PageResponses.html(status, pages.views().account(pages.browser().csrfToken(device), accounts, apps, error),
                Optional.empty());
    }

    private static PageViews.AppAccess access(Grant g) {
        return new PageViews.AppAccess(g.id(), g.clientId(), g.scope(), g.createdAt(), g.refreshedAt());
    }
}
