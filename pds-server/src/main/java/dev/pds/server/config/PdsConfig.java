package dev.pds.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the server is configured with, immutable. Built from {@code PDS_*} environment
 * variables with the reference PDS's names and defaults (so an operator's env file works), by
 * {@link #fromEnvironment(Map)}; tests pass their own map.
 *
 * @param hostname              public host name of the service ({@code PDS_HOSTNAME}, default localhost)
 * @param bindHost              address to listen on ({@code PDS_BIND_HOST}, ours, default 127.0.0.1)
 * @param port                  port to listen on ({@code PDS_PORT}, default 2583; 0 picks a free one)
 * @param dataDirectory         absolute path of the data folder ({@code PDS_DATA_DIRECTORY}, default ./data)
 * @param serviceDid            {@code PDS_SERVICE_DID}, default {@code did:web:<hostname>}
 * @param publicUrl             http://localhost:port for localhost, else https://hostname
 * @param didPlcUrl             {@code PDS_DID_PLC_URL}; empty when not set (dev mode may embed one later)
 * @param serviceHandleDomains  {@code PDS_SERVICE_HANDLE_DOMAINS}, each starting with a dot; default
 *                              {@code .test} for localhost, else {@code .<hostname>}
 * @param invites               {@code PDS_INVITE_REQUIRED} (true unless set to false, like the reference),
 *                              {@code PDS_INVITE_INTERVAL} and {@code PDS_INVITE_EPOCH}
 * @param blobUploadLimit       {@code PDS_BLOB_UPLOAD_LIMIT} in bytes, default 5 MiB
 * @param crawlers              {@code PDS_CRAWLERS}, comma-separated relay URLs
 * @param proxy                 where calls not answered here go: {@code PDS_BSKY_APP_VIEW_URL} with
 *                              {@code PDS_BSKY_APP_VIEW_DID}, and the moderation and report services
 * @param rateLimits            {@code PDS_RATE_LIMITS_ENABLED} (default false) and the bypasses
 * @param devMode               {@code PDS_DEV_MODE}, default false
 * @param policies              optional contact and policy links shown by describeServer
 * @param secrets               given in the environment or generated and kept in the data folder
 * @param limits                HTTP limits
 * @param firehose              the event stream's limits and the event log's retention
 * @param identity              how other servers' handles are resolved
 * @param memory                memory limits: Java heap ceiling, RocksDB cache and memtables, Netty arenas
 * @param imports               repo imports of accounts moving here
 * @param email                 where account mail (password resets, confirmation codes) is sent
 * @param moderationEmail       where a moderator's messages to accounts are sent, when set
 */
public record PdsConfig(
        String hostname,
        String bindHost,
        int port,
        Path dataDirectory,
        String serviceDid,
        String publicUrl,
        Optional<String> didPlcUrl,
        List<String> serviceHandleDomains,
        InviteConfig invites,
        long blobUploadLimit,
        List<String> crawlers,
        ProxyConfig proxy,
        RateLimitConfig rateLimits,
        boolean devMode,
        ServicePolicies policies,
        ServerSecrets secrets,
        HttpLimits limits,
        FirehoseConfig firehose,
        IdentityConfig identity,
        MemoryConfig memory,
        RepoImportConfig imports,
        EmailConfig email,
        Optional<EmailConfig> moderationEmail) {

    public static final int DEFAULT_PORT = 2583;
    public static final String DEFAULT_PLC_URL = "https://plc.directory";

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    public PdsConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(serviceDid, "serviceDid");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(didPlcUrl, "didPlcUrl");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(firehose, "firehose");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(invites, "invites");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(moderationEmail, "moderationEmail");
        serviceHandleDomains = List.copyOf(serviceHandleDomains);
        crawlers = List.copyOf(crawlers);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * This configuration with the port actually bound (when 0 was asked for); a localhost
     * public URL follows it, since DID documents must name a reachable endpoint.
     */
    public PdsConfig withBoundPort(int boundPort) {
        String url = hostname.equals("localhost") ? "http://localhost:" + boundPort : publicUrl;
        return new PdsConfig(hostname, bindHost, boundPort, dataDirectory, serviceDid, url, didPlcUrl, serviceHandleDomains,
                invites, blobUploadLimit, crawlers, proxy, rateLimits, devMode, policies, secrets, limits,
                firehose, identity, memory, imports, email, moderationEmail);
    }

    /** The PLC directory to use: the configured one, or the public directory. */
    public String plcUrl() {
        return didPlcUrl.orElse(DEFAULT_PLC_URL);
    }

    /**
     * Reads the configuration from environment variables, creates the data directory if needed,
     * and resolves the secrets (generating and storing those not given).
     *
     * @throws ConfigException naming the variable when a value is unusable
     */
    public static PdsConfig fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(environment, Path.of(""));
    }

    /** As {@link #fromEnvironment(Map)}, resolving a relative data directory against {@code workingDirectory}. */
    public static PdsConfig fromEnvironment(Map<String, String> environment, Path workingDirectory) {
        EnvReader env = new EnvReader(environment);

        String hostname = env.string("PDS_HOSTNAME", "localhost");
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new ConfigException("PDS_HOSTNAME must be a bare host name such as pds.example.com, got '" + hostname + "'");
        }
        int port = (int) env.integer("PDS_PORT", DEFAULT_PORT, 0, 65535);
        String bindHost = env.string("PDS_BIND_HOST", "127.0.0.1");
        String publicUrl = hostname.equals("localhost") ? "http://localhost:" + port : "https://" + hostname;
        String serviceDid = env.string("PDS_SERVICE_DID", "did:web:" + hostname);

        List<String> handleDomains = env.list("PDS_SERVICE_HANDLE_DOMAINS");
        if (handleDomains.isEmpty()) {
            handleDomains = List.of(hostname.equals("localhost") ? ".test" : "." + hostname);
        }
        for (String domain : handleDomains) {
            if (domain.length() < 2 || !domain.startsWith(".")) {
                throw new ConfigException("PDS_SERVICE_HANDLE_DOMAINS entries must start with a dot, like .example.com; got '" + domain + "'");
            }
        }

        ServicePolicies policies = new ServicePolicies(
                env.string("PDS_CONTACT_EMAIL_ADDRESS"),
                env.string("PDS_PRIVACY_POLICY_URL"),
                env.string("PDS_TERMS_OF_SERVICE_URL"));

        HttpLimits defaults = HttpLimits.defaults();
        HttpLimits limits = new HttpLimits(
                (int) env.integer("PDS_JSON_BODY_LIMIT", defaults.maxJsonBodyBytes(), 1024, Integer.MAX_VALUE),
                Duration.ofSeconds(env.integer("PDS_IDLE_TIMEOUT_SECONDS", defaults.idleTimeout().toSeconds(), 1, 86_400)),
                (int) env.integer("PDS_WORKER_THREADS", defaults.workerThreads(), 1, 1024),
                (int) env.integer("PDS_WORKER_QUEUE", defaults.workerQueue(), 1, 1_000_000),
                Duration.ofSeconds(env.integer("PDS_SHUTDOWN_TIMEOUT_SECONDS", defaults.shutdownTimeout().toSeconds(), 0, 3600)));

        long blobUploadLimit = env.integer("PDS_BLOB_UPLOAD_LIMIT", 5L * 1024 * 1024, 1, Long.MAX_VALUE);
        Path dataDirectory = workingDirectory.toAbsolutePath()
                .resolve(env.string("PDS_DATA_DIRECTORY", "./data")).normalize();
        createDirectory(dataDirectory);
        ServerSecrets secrets = SecretsFile.resolve(dataDirectory, env);

        return new PdsConfig(
                hostname,
                bindHost,
                port,
                dataDirectory,
                serviceDid,
                publicUrl,
                env.string("PDS_DID_PLC_URL"),
                handleDomains,
                InviteConfig.from(env),
                blobUploadLimit,
                env.list("PDS_CRAWLERS"),
                ProxyConfig.from(env),
                RateLimitConfig.from(env),
                env.bool("PDS_DEV_MODE", false),
                policies,
                secrets,
                limits,
                FirehoseConfig.from(env),
                IdentityConfig.from(env),
                MemoryConfig.from(env),
                RepoImportConfig.from(env, blobUploadLimit),
                EmailConfig.from(env, hostname),
                EmailConfig.moderation(env));
    }

    private static void createDirectory(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new ConfigException("PDS_DATA_DIRECTORY " + dataDirectory + " cannot be created: " + e.getMessage(), e);
        }
    }
}
