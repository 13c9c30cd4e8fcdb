package dev.pds.server.oauth.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The pages' HTML: escaping for text and attributes, and the shared layout (a resource with
 * {@code {{name}}} placeholders, escaped, and {@code {{{body}}}}, raw).
 */
public final class Html {
    private static final String LAYOUT = resource("layout.html");
    static final byte[] STYLE = resource("style.css").getBytes(StandardCharsets.UTF_8);

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    static String page(String server, String title, String body) {
        return LAYOUT.replace("{{title}}", esc(title)).replace("{{server}}", esc(server)).replace("{{{body}}}", body);
    }

    /** A hidden form field. */
    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    private static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream("/oauth/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource oauth/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
