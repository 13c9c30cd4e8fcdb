package dev.pds.e2e.oauth;

import dev.pds.e2e.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without script, enough for the authorization pages: keeps cookies, sends Origin
 * with form posts, does not follow redirects (the test looks at where they go), and reads the
 * hidden fields of the page's forms.
 */
final class FormBrowser {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    final TestServer pds;
    final String origin;
    final HttpClient http;
    String lastPage = "";
    /** Cookies by name (Java's cookie manager does not keep cookies for a host without a dot, like localhost). */
    final Map<String, String> cookies = new LinkedHashMap<>();

    FormBrowser(TestServer pds) {
        this.pds = pds;
        this.origin = "http://localhost:" + pds.server.port();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestServer.TIMEOUT)
                .build();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(origin + pathAndQuery)).timeout(TestServer.TIMEOUT).GET());
    }

    /** Posts a form to {@code action} with the hidden fields of the form posting there on the last page, plus {@code fields}. */
    HttpResponse<String> submit(String action, Map<String, String> fields) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(hiddenFields(action));
        all.putAll(fields);
        return post(action, all, origin);
    }

    HttpResponse<String> post(String action, Map<String, String> fields, String originHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + action)).timeout(TestServer.TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthClient.form(fields)));
        if (originHeader != null) {
            b.header("Origin", originHeader);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("set-cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        lastPage = r.body();
        return r;
    }

    /** The hidden fields of the first form of the last page that posts to {@code action}. */
    Map<String, String> hiddenFields(String action) {
        int start = lastPage.indexOf("action=\"" + action + "\"");
        if (start < 0) {
            throw new AssertionError("no form posting to " + action + " on the page:\n" + lastPage);
        }
        int end = lastPage.indexOf("</form>", start);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(lastPage.substring(start, end));
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">"));
        }
        return fields;
    }
}
