package dev.pds.server.oauth.scope;

import dev.pds.core.syntax.Nsid;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code rpc:<method>?aud=<did#service>}: calling methods of other services through this
 * PDS (proxying, service auth tokens). {@code lxm} and {@code aud} may not both be {@code *}.
 */
public record RpcPermission(List<String> lxm, String aud) implements Permission {
    /** A DID followed by a service fragment, e.g. {@code did:web:api.example.com#svc_appview}. */
    private static final Pattern DID_REF = Pattern.compile("did:[a-z]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._-]#[A-Za-z0-9._~-]+");

    public RpcPermission {
        lxm = List.copyOf(lxm);
    }

    static Optional<Permission> from(ScopeSyntax s) {
        if (!Scopes.onlyParams(s, "lxm", "aud")) {
            return Optional.empty();
        }
        Optional<List<String>> lxm = Scopes.positionalOrMulti(s, "lxm");
        List<String> aud = s.params().getOrDefault("aud", List.of());
        if (lxm.isEmpty() || lxm.get().isEmpty() || aud.size() != 1 || !isAud(aud.get(0))
                || !lxm.get().stream().allMatch(m -> m.equals("*") || Nsid.isValid(m))) {
            return Optional.empty();
        }
        List<String> methods = lxm.get().contains("*") ? List.of("*") : List.copyOf(new TreeSet<>(lxm.get()));
        if (methods.contains("*") && aud.get(0).equals("*")) {
            return Optional.empty();
        }
        return Optional.of(new RpcPermission(methods, aud.get(0)));
    }

    static boolean isAud(String aud) {
        return aud.equals("*") || DID_REF.matcher(aud).matches();
    }

    public boolean matches(String method, String audience) {
        return (aud.equals("*") || aud.equals(audience)) && (lxm.contains("*") || lxm.contains(method));
    }

    public static String needed(String method, String audience) {
        return "rpc:" + method + "?aud=" + ScopeSyntax.encode(audience);
    }

    @Override
    public String scope() {
        String a = "aud=" + ScopeSyntax.encode(aud);
        if (lxm.size() == 1) {
            return "rpc:" + lxm.get(0) + "?" + a;
        }
        return "rpc?" + String.join("&", lxm.stream().map(m -> "lxm=" + m).toList()) + "&" + a;
    }

    @Override
    public String describe() {
        String methods = lxm.contains("*") ? "any method" : String.join(", ", lxm);
        String service = aud.equals("*") ? "any service" : "the service " + aud;
        return "call " + methods + " on " + service + " in your name";
    }
}
