package dev.pds.server.oauth.scope;

import dev.pds.core.syntax.Nsid;
import java.util.List;
import java.util.Optional;

/**
 * {@code include:<permission set NSID>[?aud=<did#service>]}: the permissions a published
 * permission set lists, limited to the set's own namespace; {@code aud} is handed to its
 * {@code rpc} permissions that inherit it.
 */
public record IncludeScope(String nsid, Optional<String> aud) {
    static Optional<IncludeScope> from(ScopeSyntax s) {
        if (!s.resource().equals("include") || !Scopes.onlyParams(s, "nsid", "aud")) {
            return Optional.empty();
        }
        Optional<String> nsid = Scopes.positionalOrSingle(s, "nsid");
        List<String> aud = s.params().getOrDefault("aud", List.of());
        if (nsid.isEmpty() || !Nsid.isValid(nsid.get()) || aud.size() > 1
                || (aud.size() == 1 && (aud.get(0).equals("*") || !RpcPermission.isAud(aud.get(0))))) {
            return Optional.empty();
        }
        return Optional.of(new IncludeScope(nsid.get(), aud.stream().findFirst()));
    }

    /** Whether a resource NSID is under this set's namespace: same group or below, never a sibling or parent. */
    public boolean covers(String otherNsid) {
        int group = nsid.lastIndexOf('.');
        return !otherNsid.equals("*") && otherNsid.length() > group + 1 && otherNsid.startsWith(nsid.substring(0, group + 1));
    }

    public String scope() {
        return "include:" + nsid + aud.map(a -> "?aud=" + ScopeSyntax.encode(a)).orElse("");
    }
}
