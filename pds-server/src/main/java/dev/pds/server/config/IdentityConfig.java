package dev.pds.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How handles of other servers are resolved (resolveHandle, updateHandle to one's own domain).
 *
 * @param resolverTimeout          {@code PDS_ID_RESOLVER_TIMEOUT} (milliseconds, default 3000): the
 *                                 longest a DNS or HTTPS lookup may take
 * @param handleBackupNameservers  {@code PDS_HANDLE_BACKUP_NAMESERVERS}: DNS servers asked when the
 *                                 system's and the well-known lookup found nothing, each
 *                                 {@code host}, {@code host:port} or {@code [ipv6]:port}
 */
public record IdentityConfig(Duration resolverTimeout, List<String> handleBackupNameservers) {
    private static final Pattern NAMESERVER = Pattern.compile(
            "([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

    public IdentityConfig {
        Objects.requireNonNull(resolverTimeout, "resolverTimeout");
        if (resolverTimeout.isNegative() || resolverTimeout.isZero()) {
            throw new IllegalArgumentException("resolverTimeout must be positive");
        }
        handleBackupNameservers = List.copyOf(handleBackupNameservers);
        for (String ns : handleBackupNameservers) {
            if (!NAMESERVER.matcher(ns).matches()) {
                throw new ConfigException("PDS_HANDLE_BACKUP_NAMESERVERS entries are host, host:port or [ipv6]:port; got '"
                        + ns + "'");
            }
        }
    }

    public static IdentityConfig defaults() {
        return new IdentityConfig(Duration.ofSeconds(3), List.of());
    }

    static IdentityConfig from(EnvReader env) {
        return new IdentityConfig(Duration.ofMillis(env.integer("PDS_ID_RESOLVER_TIMEOUT", 3000, 100, 60_000)),
                env.list("PDS_HANDLE_BACKUP_NAMESERVERS"));
    }
}
