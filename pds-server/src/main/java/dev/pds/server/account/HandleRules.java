package dev.pds.server.account;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Handle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which handles accounts may take here: valid syntax, an allowed top-level domain, and under
 * one of the service domains a first label of 3 to 18 characters that is not reserved. The
 * error names are those of the createAccount and updateHandle lexicons.
 */
public final class HandleRules {
    /** Top-level domains the handle spec disallows (they never resolve on the public internet). */
    private static final Set<String> DISALLOWED_TLDS = Set.of(
            "local", "arpa", "invalid", "localhost", "internal", "example", "alt", "onion");
    /** Names a service would want for itself; a short list in the spirit of the reference's. */
    private static final Set<String> RESERVED = Set.of(
            "about", "abuse", "account", "admin", "administrator", "api", "app", "atproto", "auth", "blog", "bsky",
            "bluesky", "contact", "dev", "docs", "email", "feed", "feeds", "help", "host", "info", "login", "mail",
            "moderation", "moderator", "news", "oauth", "pds", "plc", "postmaster", "root", "security", "service",
            "settings", "signup", "staff", "status", "support", "system", "team", "test", "webmaster", "www", "xrpc");

    private final List<String> serviceDomains;

    /** @param serviceDomains each starting with a dot, as PdsConfig keeps them */
    public HandleRules(List<String> serviceDomains) {
        this.serviceDomains = List.copyOf(serviceDomains);
    }

    /** The handle in lower case, valid syntax and TLD; InvalidHandle otherwise. */
    public String normalize(String handle) {
        if (handle == null || !Handle.isValid(handle)) {
            throw XrpcException.badRequest("InvalidHandle", "Invalid handle: " + handle);
        }
        String h = handle.toLowerCase(Locale.ROOT);
        String tld = h.substring(h.lastIndexOf('.') + 1);
        if (DISALLOWED_TLDS.contains(tld)) {
            throw XrpcException.badRequest("InvalidHandle", "Handle TLD is invalid or disallowed");
        }
        return h;
    }

    /** The service domain the handle is under, if any. */
    public Optional<String> serviceDomainOf(String normalized) {
        return serviceDomains.stream().filter(normalized::endsWith).findFirst();
    }

    /** Whether the handle is under a service domain or is one (without its dot), so only we can answer for it. */
    public boolean isServiceHandleOrDomain(String normalized) {
        return serviceDomainOf(normalized).isPresent() || serviceDomains.contains("." + normalized);
    }

    /**
     * A handle a new account may take: normalized and under a service domain
     * (UnsupportedDomain otherwise), with the constraints on its first label.
     */
    public String forNewAccount(String handle) {
        String h = normalize(handle);
        String domain = serviceDomainOf(h).orElseThrow(
                () -> XrpcException.badRequest("UnsupportedDomain", "Not a supported handle domain"));
        checkServiceHandle(h, domain);
        return h;
    }

    /** Constraints on a handle under one of our service domains. */
    public void checkServiceHandle(String normalized, String domain) {
        checkServiceHandle(normalized, domain, false);
    }

    /** As above; the operator may give a reserved name ({@code allowReserved}), as the reference's admin may. */
    public void checkServiceHandle(String normalized, String domain, boolean allowReserved) {
        String front = normalized.substring(0, normalized.length() - domain.length());
        if (front.contains(".")) {
            throw XrpcException.badRequest("InvalidHandle", "Invalid characters in handle");
        }
        if (front.length() < 3) {
            throw XrpcException.badRequest("InvalidHandle", "Handle too short");
        }
        if (front.length() > 18) {
            throw XrpcException.badRequest("InvalidHandle", "Handle too long");
        }
        if (!allowReserved && RESERVED.contains(front)) {
            throw XrpcException.badRequest("HandleNotAvailable", "Reserved handle");
        }
    }
}
