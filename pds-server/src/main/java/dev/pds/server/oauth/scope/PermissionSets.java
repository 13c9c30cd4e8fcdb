package dev.pds.server.oauth.scope;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code include:} scopes to the permissions their permission set lists. Sets are
 * lexicon documents of type {@code permission-set}; this server knows those of its lexicon
 * catalog. As the permission spec requires, entries of unknown resources or with unexpected
 * fields are ignored, only {@code repo} and {@code rpc} entries count, wildcards are refused,
 * and every resource must lie in the set's own namespace.
 */
public final class PermissionSets {
    /** A resolved set: its title and detail for the consent screen, and what it grants. */
    public record Resolved(String nsid, String title, Optional<String> detail, List<Permission> permissions) {
    }

    private final Function<String, Optional<JsonNode>> documents;

    /** @param documents a lexicon document by NSID */
    public PermissionSets(Function<String, Optional<JsonNode>> documents) {
        this.documents = Objects.requireNonNull(documents, "documents");
    }

    public Optional<Resolved> resolve(IncludeScope include) {
        Optional<JsonNode> doc = documents.apply(include.nsid());
        JsonNode main = doc.map(d -> d.path("defs").path("main")).orElse(null);
        if (main == null || !"permission-set".equals(main.path("type").asText())) {
            return Optional.empty();
        }
        List<Permission> out = new ArrayList<>();
        for (JsonNode entry : main.path("permissions")) {
            toPermission(entry, include).filter(p -> inNamespace(p, include)).ifPresent(out::add);
        }
        String title = main.path("title").asText(include.nsid());
        Optional<String> detail = main.hasNonNull("detail") ? Optional.of(main.get("detail").asText()) : Optional.empty();
        return Optional.of(new Resolved(include.nsid(), title, detail, out));
    }

    private static Optional<Permission> toPermission(JsonNode entry, IncludeScope include) {
        if (!entry.isObject() || !"permission".equals(entry.path("type").asText())) {
            return Optional.empty();
        }
        String resource = entry.path("resource").asText();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        boolean inheritAud = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("type") || f.getKey().equals("resource")) {
                continue;
            }
            if (f.getKey().equals("inheritAud")) {
                inheritAud = f.getValue().asBoolean(false);
                continue;
            }
            List<String> values = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> values.add(v.asText()));
            } else if (f.getValue().isTextual()) {
                values.add(f.getValue().asText());
            } else {
                return Optional.empty();
            }
            fields.put(f.getKey(), values);
        }
        if (resource.equals("repo")) {
            return RepoPermission.fromLexicon(fields);
        }
        if (resource.equals("rpc")) {
            List<String> aud = fields.get("aud");
            if (inheritAud) {
                if (aud != null || include.aud().isEmpty()) {
                    return Optional.empty();
                }
                fields.put("aud", List.of(include.aud().get()));
            } else if (aud == null || !aud.equals(List.of("*"))) {
                return Optional.empty();
            }
            if (fields.getOrDefault("lxm", List.of()).contains("*")) {
                return Optional.empty();
            }
            return RpcPermission.from(new ScopeSyntax("rpc", Optional.empty(), fields));
        }
        return Optional.empty();
    }

    private static boolean inNamespace(Permission p, IncludeScope include) {
        if (p instanceof RepoPermission) {
            return ((RepoPermission) p).collections().stream().allMatch(include::covers);
        }
        if (p instanceof RpcPermission) {
            return ((RpcPermission) p).lxm().stream().allMatch(include::covers);
        }
        return false;
    }

    /**
     * The scope string a token carries for a requested scope: the requested tokens with each
     * {@code include:} replaced by the permissions of its set. Empty when a set cannot be resolved.
     */
    public Optional<String> expand(Scopes requested) {
        List<String> out = new ArrayList<>();
        for (String token : requested.tokens()) {
            if (!token.startsWith("include:") && !token.startsWith("include?")) {
                out.add(token);
            }
        }
        for (IncludeScope include : requested.includes()) {
            Optional<Resolved> set = resolve(include);
            if (set.isEmpty()) {
                return Optional.empty();
            }
            set.get().permissions().stream().map(Permission::scope).filter(s -> !out.contains(s)).forEach(out::add);
        }
        return Optional.of(String.join(" ", out));
    }
}
