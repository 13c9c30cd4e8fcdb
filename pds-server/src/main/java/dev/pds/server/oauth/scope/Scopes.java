package dev.pds.server.oauth.scope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An OAuth {@code scope} value taken apart: the static atproto scopes ({@code atproto} and the
 * transitional ones), the granular permissions, and the {@code include:} references to
 * permission sets. Scope tokens this server cannot fully interpret are kept as "unknown", so a
 * request naming them can be refused and a token never grants them.
 */
public final class Scopes {
    public static final String ATPROTO = "atproto";
    public static final String TRANSITION_GENERIC = "transition:generic";
    public static final String TRANSITION_CHAT = "transition:chat.bsky";
    public static final String TRANSITION_EMAIL = "transition:email";
    public static final List<String> STATIC = List.of(ATPROTO, TRANSITION_GENERIC, TRANSITION_CHAT, TRANSITION_EMAIL);
    public static final int MAX_TOKENS = 256;

    private final Set<String> tokens;
    private final Set<String> statics;
    private final List<Permission> permissions;
    private final List<IncludeScope> includes;
    private final List<String> unknown;

    private Scopes(Set<String> tokens, Set<String> statics, List<Permission> permissions, List<IncludeScope> includes,
            List<String> unknown) {
        this.tokens = Collections.unmodifiableSet(new LinkedHashSet<>(tokens));
        this.statics = Set.copyOf(statics);
        this.permissions = List.copyOf(permissions);
        this.includes = List.copyOf(includes);
        this.unknown = List.copyOf(unknown);
    }

    /** Splits a space-separated scope value; never fails (see {@link #unknown()}). */
    public static Scopes parse(String scope) {
        Set<String> tokens = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.split(" ")).filter(t -> !t.isEmpty()).limit(MAX_TOKENS + 1L).forEach(tokens::add);
        }
        Set<String> statics = new LinkedHashSet<>();
        List<Permission> permissions = new ArrayList<>();
        List<IncludeScope> includes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String token : tokens) {
            if (STATIC.contains(token)) {
                statics.add(token);
                continue;
            }
            Optional<ScopeSyntax> syntax = ScopeSyntax.parse(token);
            Optional<IncludeScope> include = syntax.flatMap(IncludeScope::from);
            Optional<Permission> permission = syntax.flatMap(Scopes::permission);
            if (include.isPresent()) {
                includes.add(include.get());
            } else if (permission.isPresent()) {
                permissions.add(permission.get());
            } else {
                unknown.add(token);
            }
        }
        if (tokens.size() > MAX_TOKENS) {
            unknown.add("(more than " + MAX_TOKENS + " scopes)");
        }
        return new Scopes(tokens, statics, permissions, includes, unknown);
    }

    static Optional<Permission> permission(ScopeSyntax s) {
        switch (s.resource()) {
            case "repo":
                return RepoPermission.from(s);
            case "blob":
                return BlobPermission.from(s);
            case "rpc":
                return RpcPermission.from(s);
            case "account":
                return AccountPermission.from(s);
            case "identity":
                return IdentityPermission.from(s);
            default:
                return Optional.empty();
        }
    }

    /** The tokens as given, in order, without duplicates. */
    public Set<String> tokens() {
        return tokens;
    }

    public boolean has(String staticScope) {
        return statics.contains(staticScope);
    }

    public List<Permission> permissions() {
        return permissions;
    }

    public List<IncludeScope> includes() {
        return includes;
    }

    /** Tokens that are neither static scopes nor well-formed permissions this server knows. */
    public List<String> unknown() {
        return unknown;
    }

    /** The tokens joined by spaces, the form stored and returned in token responses. */
    public String value() {
        return String.join(" ", tokens);
    }

    // helpers for the permission parsers

    static boolean onlyParams(ScopeSyntax s, String... allowed) {
        List<String> names = List.of(allowed);
        return names.containsAll(s.params().keySet());
    }

    /** The positional value or the named parameter, never both. */
    static Optional<String> positionalOrSingle(ScopeSyntax s, String name) {
        List<String> named = s.params().get(name);
        if (s.positional().isPresent()) {
            return named == null ? s.positional() : Optional.empty();
        }
        return named != null && named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    static Optional<List<String>> positionalOrMulti(ScopeSyntax s, String name) {
        List<String> named = s.params().get(name);
        if (s.positional().isPresent()) {
            return named == null ? Optional.of(List.of(s.positional().get())) : Optional.empty();
        }
        return Optional.ofNullable(named);
    }

    static String sentenceList(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }
}
