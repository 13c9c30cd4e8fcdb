package dev.pds.server.oauth.scope;

import java.util.List;
import java.util.Optional;

/** {@code identity:<handle|*>}: changing the handle, or full control of the DID document. */
public record IdentityPermission(String attr) implements Permission {
    public static final List<String> ATTRIBUTES = List.of("handle", "*");

    static Optional<Permission> from(ScopeSyntax s) {
        if (!Scopes.onlyParams(s, "attr")) {
            return Optional.empty();
        }
        Optional<String> attr = Scopes.positionalOrSingle(s, "attr");
        if (attr.isEmpty() || !ATTRIBUTES.contains(attr.get())) {
            return Optional.empty();
        }
        return Optional.of(new IdentityPermission(attr.get()));
    }

    public boolean matches(String attribute) {
        return attr.equals("*") || attr.equals(attribute);
    }

    public static String needed(String attribute) {
        return "identity:" + attribute;
    }

    @Override
    public String scope() {
        return needed(attr);
    }

    @Override
    public String describe() {
        return attr.equals("*") ? "take full control of your identity (DID document and handle)" : "change your handle";
    }
}
