package dev.pds.server.oauth.browser;

import static dev.pds.server.oauth.browser.Html.esc;
import static dev.pds.server.oauth.browser.Html.hidden;

import dev.pds.server.oauth.client.ClientMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The authorization pages' HTML: sign in (with the accounts already signed in on this browser
 * to choose from), consent, errors, and the account page listing the apps that hold access.
 * Plain forms, no script; labels on every field, one h1 per page, alerts announced.
 */
final class PageViews {
    static final String AUTHORIZE = "/oauth/authorize";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** An account as the chooser shows it. */
    record AccountChoice(String did, String handle) {
    }

    /** An app holding access to an account, as the account page lists it. */
    record AppAccess(String grantId, String clientId, String scope, Instant since, Instant lastRefresh) {
    }

    /** What every page of one authorization request needs. */
    record Flow(String requestUri, String csrf, ClientMetadata client) {
        String fields() {
            return hidden("csrf", csrf) + hidden("request_uri", requestUri);
        }
    }

    private final String server;

    PageViews(String server) {
        this.server = server;
    }

    String signIn(Flow flow, List<AccountChoice> accounts, Optional<String> hint, Optional<String> error,
            String identifier) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Sign in to continue to ").append(esc(appName(flow.client()))).append("</h1>");
        b.append(clientBox(flow.client()));
        error.ifPresent(e -> b.append("<div class=\"alert\" role=\"alert\">").append(esc(e)).append("</div>"));
        if (!accounts.isEmpty()) {
            b.append("<h2 id=\"choose\">Choose an account</h2><ul class=\"accounts\" aria-labelledby=\"choose\">");
            for (AccountChoice a : accounts) {
                b.append("<li><form method=\"post\" action=\"").append(AUTHORIZE).append("/select\">").append(flow.fields())
                        .append(hidden("did", a.did())).append("<button type=\"submit\">@").append(esc(a.handle()))
                        .append("</button></form></li>");
            }
            b.append("</ul><details").append(error.isPresent() ? " open" : "").append("><summary>Use another account</summary>");
        }
        b.append("<form method=\"post\" action=\"").append(AUTHORIZE).append("/sign-in\">").append(flow.fields());
        b.append("<label for=\"identifier\">Handle or email</label>");
        b.append("<input type=\"text\" id=\"identifier\" name=\"identifier\" autocomplete=\"username\" autocapitalize=\"none\" "
                + "spellcheck=\"false\" required value=\"").append(esc(hint.orElse(identifier))).append("\">");
        b.append("<label for=\"password\">Password</label>");
        b.append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>");
        b.append("<div class=\"actions\"><button type=\"submit\">Sign in</button></div></form>");
        if (!accounts.isEmpty()) {
            b.append("</details>");
        }
        b.append(cancelForm(flow));
        return Html.page(server, "Sign in", b.toString());
    }

    String consent(Flow flow, AccountChoice account, List<String> permissions) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(appName(flow.client()))).append(" wants to access your account</h1>");
        b.append(clientBox(flow.client()));
        b.append("<p>Signed in as <strong>@").append(esc(account.handle())).append("</strong>.</p>");
        b.append("<h2 id=\"perms\">If you allow it, this app will be able to:</h2><ul class=\"permissions\" aria-labelledby=\"perms\">");
        for (String line : permissions) {
            b.append("<li>").append(esc(line)).append("</li>");
        }
        b.append("</ul><p class=\"muted\">You can take this access back at any time on <a href=\"/oauth/account\">your "
                + "account page</a>.</p>");
        b.append("<div class=\"actions\">");
        b.append("<form method=\"post\" action=\"").append(AUTHORIZE).append("/consent\">").append(flow.fields())
                .append(hidden("did", account.did())).append(hidden("decision", "allow"))
                .append("<button type=\"submit\" id=\"allow\">Allow</button></form>");
        b.append("<form method=\"post\" action=\"").append(AUTHORIZE).append("/consent\">").append(flow.fields())
                .append(hidden("did", account.did())).append(hidden("decision", "deny"))
                .append("<button type=\"submit\" class=\"secondary\" id=\"deny\">Deny</button></form>");
        b.append("</div>");
        return Html.page(server, "Allow access?", b.toString());
    }

    String error(String title, String message) {
        return Html.page(server, title, "<h1>" + esc(title) + "</h1><div class=\"alert\" role=\"alert\">" + esc(message)
                + "</div><p>Go back to the app and start signing in again.</p>");
    }

    String account(String csrf, List<AccountChoice> accounts, java.util.Map<String, List<AppAccess>> apps,
            Optional<String> error) {
        StringBuilder b = new StringBuilder("<h1>Apps with access to your account</h1>");
        error.ifPresent(e -> b.append("<div class=\"alert\" role=\"alert\">").append(esc(e)).append("</div>"));
        if (accounts.isEmpty()) {
            b.append("<p>No account is signed in on this browser. Sign in to see and revoke the apps that can use "
                    + "your account.</p>");
            b.append("<form method=\"post\" action=\"/oauth/account/sign-in\">").append(hidden("csrf", csrf));
            b.append("<label for=\"identifier\">Handle or email</label><input type=\"text\" id=\"identifier\" "
                    + "name=\"identifier\" autocomplete=\"username\" autocapitalize=\"none\" required>");
            b.append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
                    + "autocomplete=\"current-password\" required>");
            b.append("<div class=\"actions\"><button type=\"submit\">Sign in</button></div></form>");
        }
        for (AccountChoice a : accounts) {
            b.append("<h2>@").append(esc(a.handle())).append("</h2>");
            List<AppAccess> list = apps.getOrDefault(a.did(), List.of());
            if (list.isEmpty()) {
                b.append("<p>No app has access.</p>");
            }
            b.append("<ul class=\"accounts\">");
            for (AppAccess app : list) {
                b.append("<li><div class=\"client\"><strong>").append(esc(app.clientId())).append("</strong><br>")
                        .append("<span class=\"muted\">Since ").append(esc(DATE.format(app.since())))
                        .append("; last renewed ").append(esc(DATE.format(app.lastRefresh()))).append("; scopes: ")
                        .append(esc(app.scope())).append("</span>")
                        .append("<form method=\"post\" action=\"/oauth/account/revoke\">").append(hidden("csrf", csrf))
                        .append(hidden("did", a.did())).append(hidden("grant", app.grantId()))
                        .append("<button type=\"submit\" class=\"danger\">Revoke access<span class=\"visually-hidden\"> of ")
                        .append(esc(app.clientId())).append("</span></button></form></div></li>");
            }
            b.append("</ul><form method=\"post\" action=\"/oauth/account/sign-out\">").append(hidden("csrf", csrf))
                    .append(hidden("did", a.did())).append("<button type=\"submit\" class=\"link\">Sign @")
                    .append(esc(a.handle())).append(" out of this browser</button></form>");
        }
        return Html.page(server, "Connected apps", b.toString());
    }

    private static String cancelForm(Flow flow) {
        return "<form method=\"post\" action=\"" + AUTHORIZE + "/cancel\">" + flow.fields()
                + "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">Cancel</button></div></form>";
    }

    /**
     * The client as shown to users: the host of its client_id. Names from metadata are not
     * verified, so they are shown only as a claim next to the URL, never instead of it.
     */
    static String appName(ClientMetadata client) {
        if (client.clientId().isLoopback()) {
            return "a development app on your computer";
        }
        return client.clientId().host();
    }

    private static String clientBox(ClientMetadata client) {
        StringBuilder b = new StringBuilder("<div class=\"client\">");
        if (client.clientId().isLoopback()) {
            b.append("This app runs on your own computer (a development client). Only continue if you started it.");
        } else {
            b.append("App: <strong>").append(esc(client.clientId().value())).append("</strong>");
            client.clientName().ifPresent(n -> b.append("<br><span class=\"muted\">It calls itself “").append(esc(n))
                    .append("”; this name is not verified.</span>"));
        }
        return b.append("</div>").toString();
    }
}
