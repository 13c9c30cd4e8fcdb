package dev.pds.server.oauth.scope;

import dev.pds.core.syntax.Nsid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code repo:<collection>[?action=create&action=update&action=delete]}: writing records of
 * some collections (or all, with {@code *}), for some or all actions.
 */
public record RepoPermission(List<String> collections, List<String> actions) implements Permission {
    public static final List<String> ACTIONS = List.of("create", "update", "delete");

    public RepoPermission {
        collections = List.copyOf(collections);
        actions = List.copyOf(actions);
    }

    static Optional<Permission> from(ScopeSyntax s) {
        if (!Scopes.onlyParams(s, "collection", "action")) {
            return Optional.empty();
        }
        Optional<List<String>> collections = Scopes.positionalOrMulti(s, "collection");
        if (collections.isEmpty() || collections.get().isEmpty()
                || !collections.get().stream().allMatch(c -> c.equals("*") || Nsid.isValid(c))) {
            return Optional.empty();
        }
        List<String> actions = s.params().getOrDefault("action", ACTIONS);
        if (actions.isEmpty() || !ACTIONS.containsAll(actions)) {
            return Optional.empty();
        }
        List<String> cols = collections.get().contains("*") ? List.of("*") : List.copyOf(new TreeSet<>(collections.get()));
        return Optional.of(new RepoPermission(cols, ACTIONS.stream().filter(actions::contains).toList()));
    }

    /** From a permission set entry (no wildcards there). */
    static Optional<Permission> fromLexicon(Map<String, List<String>> fields) {
        List<String> cols = fields.getOrDefault("collection", List.of());
        if (cols.contains("*")) {
            return Optional.empty();
        }
        return from(new ScopeSyntax("repo", Optional.empty(), fields));
    }

    public boolean matches(String action, String collection) {
        return actions.contains(action) && (collections.contains("*") || collections.contains(collection));
    }

    /** The scope that would allow one action on one collection, for the 403 message. */
    public static String needed(String action, String collection) {
        return "repo:" + collection + "?action=" + action;
    }

    @Override
    public String scope() {
        List<String> params = new java.util.ArrayList<>();
        if (collections.size() > 1) {
            collections.forEach(c -> params.add("collection=" + ScopeSyntax.encode(c)));
        }
        if (!actions.equals(ACTIONS)) {
            actions.forEach(a -> params.add("action=" + a));
        }
        String positional = collections.size() == 1 ? ":" + ScopeSyntax.encode(collections.get(0)) : "";
        return "repo" + positional + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }

    @Override
    public String describe() {
        String what = collections.contains("*") ? "records of any kind" : "records of type " + String.join(", ", collections);
        return Scopes.sentenceList(actions) + " " + what + " in your repository";
    }
}
