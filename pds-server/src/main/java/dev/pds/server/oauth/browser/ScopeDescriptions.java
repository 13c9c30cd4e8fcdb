package dev.pds.server.oauth.browser;

import dev.pds.server.oauth.scope.IncludeScope;
import dev.pds.server.oauth.scope.Permission;
import dev.pds.server.oauth.scope.PermissionSets;
import dev.pds.server.oauth.scope.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an app asks for, in plain words, one line per thing, for the consent screen. */
public final class ScopeDescriptions {
    private ScopeDescriptions() {
    }

    public static List<String> describe(Scopes scopes, PermissionSets sets, String handle) {
        List<String> lines = new ArrayList<>();
        lines.add("Know that you are @" + handle + " (your public account identity).");
        if (scopes.has(Scopes.TRANSITION_GENERIC)) {
            lines.add("Create, change and delete your posts, likes, follows and all other public records of your account.");
            lines.add("Upload images, videos and other files to your account.");
            lines.add("Use the apps and services connected to your account in your name, and read and change your "
                    + "preferences (but not your private messages).");
        }
        if (scopes.has(Scopes.TRANSITION_CHAT)) {
            lines.add("Read and send your private messages (chats).");
        }
        if (scopes.has(Scopes.TRANSITION_EMAIL)) {
            lines.add("See your email address and whether it is confirmed.");
        }
        for (Permission p : scopes.permissions()) {
            lines.add(capitalize(p.describe()) + ".");
        }
        for (IncludeScope include : scopes.includes()) {
            Optional<PermissionSets.Resolved> set = sets.resolve(include);
            if (set.isEmpty()) {
                lines.add("The permission set " + include.nsid() + " (it could not be looked up).");
                continue;
            }
            StringBuilder b = new StringBuilder(set.get().title());
            set.get().detail().ifPresent(d -> b.append(": ").append(d));
            b.append(" (");
            List<String> parts = set.get().permissions().stream().map(Permission::describe).toList();
            b.append(parts.isEmpty() ? "nothing this server understands" : String.join("; ", parts)).append(").");
            lines.add(b.toString());
        }
        return lines;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
