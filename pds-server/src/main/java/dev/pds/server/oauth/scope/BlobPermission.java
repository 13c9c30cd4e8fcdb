package dev.pds.server.oauth.scope;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** {@code blob:<mime or pattern>}: uploading media files of the accepted types. */
public record BlobPermission(List<String> accept) implements Permission {
    public BlobPermission {
        accept = List.copyOf(accept);
    }

    static Optional<Permission> from(ScopeSyntax s) {
        if (!Scopes.onlyParams(s, "accept")) {
            return Optional.empty();
        }
        Optional<List<String>> accept = Scopes.positionalOrMulti(s, "accept");
        if (accept.isEmpty() || accept.get().isEmpty() || !accept.get().stream().allMatch(BlobPermission::isAccept)) {
            return Optional.empty();
        }
        List<String> values = accept.get().contains("*/*") ? List.of("*/*")
                : List.copyOf(new TreeSet<>(accept.get().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList()));
        return Optional.of(new BlobPermission(values));
    }

    static boolean isAccept(String v) {
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1 || v.indexOf('/', slash + 1) >= 0 || v.contains(" ")) {
            return false;
        }
        return v.equals("*/*") || !v.contains("*") || (v.endsWith("/*") && v.indexOf('*') == v.length() - 1);
    }

    public boolean matches(String mime) {
        if (!isAccept(mime) || mime.contains("*")) {
            return false;
        }
        String m = mime.toLowerCase(Locale.ROOT);
        for (String a : accept) {
            if (a.equals("*/*") || a.equals(m) || (a.endsWith("/*") && m.startsWith(a.substring(0, a.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    public static String needed(String mime) {
        return "blob:" + mime;
    }

    @Override
    public String scope() {
        if (accept.size() == 1) {
            return "blob:" + accept.get(0);
        }
        return "blob?" + String.join("&", accept.stream().map(a -> "accept=" + a).toList());
    }

    @Override
    public String describe() {
        return accept.contains("*/*") ? "upload files of any type" : "upload files of type " + String.join(", ", accept);
    }
}
