package dev.pds.server.oauth.scope;

import java.util.List;
import java.util.Optional;

/** {@code account:<email|repo|status>[?action=read|manage]}: the account's hosting details. */
public record AccountPermission(String attr, List<String> actions) implements Permission {
    public static final List<String> ATTRIBUTES = List.of("email", "repo", "status");
    public static final List<String> ACTIONS = List.of("read", "manage");

    public AccountPermission {
        actions = List.copyOf(actions);
    }

    static Optional<Permission> from(ScopeSyntax s) {
        if (!Scopes.onlyParams(s, "attr", "action")) {
            return Optional.empty();
        }
        Optional<String> attr = Scopes.positionalOrSingle(s, "attr");
        List<String> actions = s.params().getOrDefault("action", List.of("read"));
        if (attr.isEmpty() || !ATTRIBUTES.contains(attr.get()) || actions.isEmpty() || !ACTIONS.containsAll(actions)) {
            return Optional.empty();
        }
        return Optional.of(new AccountPermission(attr.get(), ACTIONS.stream().filter(actions::contains).toList()));
    }

    /** {@code manage} includes {@code read}. */
    public boolean matches(String attribute, String action) {
        return attr.equals(attribute) && (actions.contains("manage") || actions.contains(action));
    }

    public static String needed(String attribute, String action) {
        return "account:" + attribute + (action.equals("read") ? "" : "?action=" + action);
    }

    @Override
    public String scope() {
        return needed(attr, actions.contains("manage") ? "manage" : "read");
    }

    @Override
    public String describe() {
        boolean manage = actions.contains("manage");
        switch (attr) {
            case "email":
                return manage ? "see and change your email address" : "see your email address";
            case "repo":
                return manage ? "replace your whole repository (import a backup or migrate)" : "read your repository status";
            default:
                return manage ? "deactivate or reactivate your account" : "see your account status";
        }
    }
}
