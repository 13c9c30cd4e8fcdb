package dev.pds.core.syntax;

import java.util.Locale;
import java.util.Set;

/**
 * A Lexicon {@code language}: a BCP-47 tag (RFC 5646) in the form atproto accepts. Either one of
 * the grandfathered tags, a private-use tag ({@code x-...}), or a language of 2-3 lower-case
 * letters followed by up to three extlangs, a script, a region, variants, extensions and a
 * private-use part. Per RFC 5646 section 4.1 a variant or an extension singleton may not repeat
 * (ignoring case). At most 128 characters; the canonical form is the tag as given.
 */
public final class Language {
    public static final int MAX_LENGTH = 128;

    private static final Set<String> GRANDFATHERED = Set.of(
            "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
            "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
            "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan",
            "zh-xiang");

    private final String tag;

    private Language(String tag) {
        this.tag = tag;
    }

    public static Language parse(String input) {
        String reason = check(input, true);
        if (reason != null) {
            throw SyntaxException.of("language", reason);
        }
        return new Language(input);
    }

    public static boolean isValid(String input) {
        return check(input, true) == null;
    }

    /** True for a tag that follows the grammar even if it repeats a variant or singleton. */
    public static boolean isWellFormed(String input) {
        return check(input, false) == null;
    }

    /** The primary language subtag, e.g. {@code pt} for {@code pt-BR}; empty for private-use tags. */
    public String primary() {
        if (tag.length() > 1 && tag.charAt(1) == '-' && (tag.charAt(0) == 'x' || tag.charAt(0) == 'X')) {
            return "";
        }
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    private static String check(String s, boolean strict) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (GRANDFATHERED.contains(s)) {
            return null;
        }
        String[] sub = s.split("-", -1);
        for (String t : sub) {
            if (t.isEmpty() || t.length() > 8 || !Chars.isAllAlnum(t, 0, t.length())) {
                return "subtags must be 1-8 ASCII letters or digits separated by single hyphens";
            }
        }
        int i = 0;
        if (isPrivateUseSingleton(sub[0])) {
            return privateUse(sub, 0);
        }
        String primary = sub[0];
        if (primary.length() < 2 || primary.length() > 3 || !isLowerAlpha(primary)) {
            return "primary language must be 2-3 lower-case letters (or a grandfathered or x- tag)";
        }
        i++;
        for (int ext = 0; ext < 3 && i < sub.length && sub[i].length() == 3 && Chars.isAllAlpha(sub[i], 0, 3); ext++) {
            i++;
        }
        if (i < sub.length && sub[i].length() == 4 && Chars.isAllAlpha(sub[i], 0, 4)) {
            i++;
        }
        if (i < sub.length && isRegion(sub[i])) {
            i++;
        }
        Set<String> seen = strict ? new java.util.HashSet<>() : null;
        while (i < sub.length && isVariant(sub[i])) {
            if (strict && !seen.add(sub[i].toLowerCase(Locale.ROOT))) {
                return "variant subtag \"" + sub[i] + "\" is repeated";
            }
            i++;
        }
        Set<Character> singletons = strict ? new java.util.HashSet<>() : null;
        while (i < sub.length && sub[i].length() == 1 && !isPrivateUseSingleton(sub[i])) {
            char singleton = Character.toLowerCase(sub[i].charAt(0));
            if (strict && !singletons.add(singleton)) {
                return "extension singleton \"" + sub[i] + "\" is repeated";
            }
            int first = ++i;
            while (i < sub.length && sub[i].length() >= 2) {
                i++;
            }
            if (i == first) {
                return "extension \"" + singleton + "\" needs at least one subtag of 2-8 characters";
            }
        }
        if (i < sub.length && isPrivateUseSingleton(sub[i])) {
            return privateUse(sub, i);
        }
        if (i < sub.length) {
            return "unexpected subtag \"" + sub[i] + "\"";
        }
        return null;
    }

    /** {@code x} followed by one or more subtags of 1-8 alphanumerics to the end. */
    private static String privateUse(String[] sub, int at) {
        return at + 1 < sub.length ? null : "private-use \"x\" needs at least one subtag";
    }

    private static boolean isPrivateUseSingleton(String t) {
        return t.length() == 1 && (t.charAt(0) == 'x' || t.charAt(0) == 'X');
    }

    private static boolean isLowerAlpha(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Chars.isLower(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegion(String t) {
        return (t.length() == 2 && Chars.isAllAlpha(t, 0, 2)) || (t.length() == 3 && Chars.isAllDigits(t, 0, 3));
    }

    private static boolean isVariant(String t) {
        return t.length() >= 5 || (t.length() == 4 && Chars.isDigit(t.charAt(0)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Language && ((Language) o).tag.equals(tag);
    }

    @Override
    public int hashCode() {
        return tag.hashCode();
    }

    @Override
    public String toString() {
        return tag;
    }
}
