package dev.pds.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdsConfigTest {
    @TempDir
    Path work;

    @Test
    void defaultsMatchTheReferencePdsAndListenOnLoopback() {
        PdsConfig config = PdsConfig.fromEnvironment(Map.of(), work);

        assertEquals("localhost", config.hostname());
        assertEquals("127.0.0.1", config.bindHost());
        assertEquals(2583, config.port());
        assertEquals(work.toAbsolutePath().resolve("data"), config.dataDirectory());
        assertEquals("did:web:localhost", config.serviceDid());
        assertEquals("http://localhost:2583", config.publicUrl());
        assertEquals(Optional.empty(), config.didPlcUrl());
        assertEquals("https://plc.directory", config.plcUrl());
        assertEquals(List.of(".test"), config.serviceHandleDomains());
        assertTrue(config.invites().required());
        assertEquals(5L * 1024 * 1024, config.blobUploadLimit());
        assertEquals(List.of(), config.crawlers());
        assertEquals(Optional.empty(), config.proxy().appView());
        assertEquals(RateLimitConfig.off(), config.rateLimits());
        assertFalse(config.devMode());
        assertEquals(HttpLimits.DEFAULT_MAX_JSON_BODY_BYTES, config.limits().maxJsonBodyBytes());
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("PDS_HOSTNAME", "pds.example.com");
        env.put("PDS_PORT", "3000");
        env.put("PDS_BIND_HOST", "0.0.0.0");
        env.put("PDS_DATA_DIRECTORY", work.resolve("elsewhere").toString());
        env.put("PDS_DID_PLC_URL", "http://localhost:2582");
        env.put("PDS_SERVICE_HANDLE_DOMAINS", ".example.com, .example.org");
        env.put("PDS_INVITE_REQUIRED", "false");
        env.put("PDS_BLOB_UPLOAD_LIMIT", "1000000");
        env.put("PDS_CRAWLERS", "https://bsky.network,https://relay.example");
        env.put("PDS_BSKY_APP_VIEW_URL", "https://api.bsky.app");
        env.put("PDS_BSKY_APP_VIEW_DID", "did:web:api.bsky.app");
        env.put("PDS_BSKY_APP_VIEW_CDN_URL_PATTERN", "https://cdn.bsky.app/img/%s/plain/%s/%s@jpeg");
        env.put("PDS_RATE_LIMITS_ENABLED", "true");
        env.put("PDS_RATE_LIMIT_BYPASS_KEY", "let-me-in");
        env.put("PDS_RATE_LIMIT_BYPASS_IPS", "10.0.0.7/32, 2001:db8::1");
        env.put("PDS_DEV_MODE", "1");
        env.put("PDS_CONTACT_EMAIL_ADDRESS", "admin@example.com");
        env.put("PDS_JSON_BODY_LIMIT", "4096");
        env.put("PDS_IDLE_TIMEOUT_SECONDS", "5");
        env.put("PDS_WORKER_THREADS", "3");
        env.put("PDS_WORKER_QUEUE", "7");
        env.put("PDS_SHUTDOWN_TIMEOUT_SECONDS", "9");

        PdsConfig config = PdsConfig.fromEnvironment(env, work);

        assertEquals("pds.example.com", config.hostname());
        assertEquals("0.0.0.0", config.bindHost());
        assertEquals(3000, config.port());
        assertEquals(work.resolve("elsewhere").toAbsolutePath(), config.dataDirectory());
        assertEquals("did:web:pds.example.com", config.serviceDid());
        assertEquals("https://pds.example.com", config.publicUrl());
        assertEquals("http://localhost:2582", config.plcUrl());
        assertEquals(List.of(".example.com", ".example.org"), config.serviceHandleDomains());
        assertFalse(config.invites().required());
        assertEquals(1_000_000L, config.blobUploadLimit());
        assertEquals(List.of("https://bsky.network", "https://relay.example"), config.crawlers());
        assertEquals(Optional.of(new ServiceConfig("https://api.bsky.app", "did:web:api.bsky.app")), config.proxy().appView());
        assertEquals(Optional.of("https://cdn.bsky.app/img/%s/plain/%s/%s@jpeg"), config.proxy().appViewCdnUrlPattern());
        assertEquals(new RateLimitConfig(true, Optional.of("let-me-in"), List.of("10.0.0.7", "2001:db8::1")), config.rateLimits());
        assertTrue(config.devMode());
        assertEquals(Optional.of("admin@example.com"), config.policies().contactEmail());
        assertEquals(new HttpLimits(4096, Duration.ofSeconds(5), 3, 7, Duration.ofSeconds(9)), config.limits());
    }

    @Test
    void firehoseMemoryIsBoundedAndSettable() {
        assertEquals(8L << 20, PdsConfig.fromEnvironment(Map.of(), work).firehose().recentFrameBytes());
        assertEquals(64L << 20, PdsConfig.fromEnvironment(Map.of("PDS_FIREHOSE_RECENT_MB", "64"), work).firehose()
                .recentFrameBytes());
        assertRejected(Map.of("PDS_FIREHOSE_RECENT_MB", "0"), "PDS_FIREHOSE_RECENT_MB");
        assertRejected(Map.of("PDS_FIREHOSE_RECENT_MB", "lots"), "PDS_FIREHOSE_RECENT_MB");
    }

    @Test
    void handleDomainDefaultsToTheHostname() {
        PdsConfig config = PdsConfig.fromEnvironment(Map.of("PDS_HOSTNAME", "pds.example.com"), work);
        assertEquals(List.of(".pds.example.com"), config.serviceHandleDomains());
    }

    @Test
    void emptyValuesCountAsUnset() {
        PdsConfig config = PdsConfig.fromEnvironment(Map.of("PDS_PORT", "", "PDS_HOSTNAME", "  "), work);
        assertEquals(2583, config.port());
        assertEquals("localhost", config.hostname());
    }

    @Test
    void badValuesAreRejectedNamingTheVariable() {
        assertRejected(Map.of("PDS_PORT", "http"), "PDS_PORT");
        assertRejected(Map.of("PDS_PORT", "70000"), "PDS_PORT");
        assertRejected(Map.of("PDS_PORT", "-1"), "PDS_PORT");
        assertRejected(Map.of("PDS_INVITE_REQUIRED", "yes"), "PDS_INVITE_REQUIRED");
        assertRejected(Map.of("PDS_DEV_MODE", "on"), "PDS_DEV_MODE");
        assertRejected(Map.of("PDS_BLOB_UPLOAD_LIMIT", "5mb"), "PDS_BLOB_UPLOAD_LIMIT");
        assertRejected(Map.of("PDS_SERVICE_HANDLE_DOMAINS", "example.com"), "PDS_SERVICE_HANDLE_DOMAINS");
        assertRejected(Map.of("PDS_HOSTNAME", "https://pds.example.com"), "PDS_HOSTNAME");
        assertRejected(Map.of("PDS_BSKY_APP_VIEW_URL", "https://api.bsky.app"), "PDS_BSKY_APP_VIEW_DID");
        assertRejected(Map.of("PDS_REPORT_SERVICE_URL", "https://mod.bsky.app"), "PDS_REPORT_SERVICE_DID");
        assertRejected(Map.of("PDS_MOD_SERVICE_URL", "https://mod.bsky.app"), "PDS_MOD_SERVICE_DID");
        assertRejected(Map.of("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX", "abcd"),
                "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX");
        assertRejected(Map.of("PDS_JSON_BODY_LIMIT", "10"), "PDS_JSON_BODY_LIMIT");
        assertRejected(Map.of("PDS_EMAIL_SMTP_URL", "https://mail.example.com"), "PDS_EMAIL_SMTP_URL");
        assertRejected(Map.of("PDS_EMAIL_SMTP_URL", "smtp://bad host"), "PDS_EMAIL_SMTP_URL");
        assertRejected(Map.of("PDS_MAX_REPO_IMPORT_SIZE", "0"), "PDS_MAX_REPO_IMPORT_SIZE");
        assertRejected(Map.of("PDS_ACCEPTING_REPO_IMPORTS", "maybe"), "PDS_ACCEPTING_REPO_IMPORTS");
        assertRejected(Map.of("PDS_MODERATION_EMAIL_SMTP_URL", "smtp://mail.example.com"), "PDS_MODERATION_EMAIL_ADDRESS");
        assertRejected(Map.of("PDS_MODERATION_EMAIL_ADDRESS", "mod@example.com"), "PDS_MODERATION_EMAIL_SMTP_URL");
        assertRejected(Map.of("PDS_INVITE_INTERVAL", "0"), "PDS_INVITE_INTERVAL");
        assertRejected(Map.of("PDS_INVITE_INTERVAL", "1d"), "PDS_INVITE_INTERVAL");
        assertRejected(Map.of("PDS_INVITE_EPOCH", "-5"), "PDS_INVITE_EPOCH");
        assertRejected(Map.of("PDS_BSKY_APP_VIEW_CDN_URL_PATTERN", "cdn.bsky.app/img/%s"), "PDS_BSKY_APP_VIEW_CDN_URL_PATTERN");
    }

    @Test
    void reportsGoToTheReportServiceElseTheModerationService() {
        assertEquals(ProxyConfig.none(), PdsConfig.fromEnvironment(Map.of(), work).proxy());
        ServiceConfig mod = new ServiceConfig("https://mod.example.com", "did:web:mod.example.com");
        PdsConfig modOnly = PdsConfig.fromEnvironment(Map.of("PDS_MOD_SERVICE_URL", mod.url(), "PDS_MOD_SERVICE_DID", mod.did()), work);
        assertEquals(Optional.of(mod), modOnly.proxy().modService());
        assertEquals(Optional.of(mod), modOnly.proxy().reportService(), "the reference's fallback");
        // what the official installer writes
        PdsConfig installer = PdsConfig.fromEnvironment(Map.of("PDS_REPORT_SERVICE_URL", "https://mod.bsky.app",
                "PDS_REPORT_SERVICE_DID", "did:plc:ar7c4by46qjdydhdevvrndac"), work);
        assertEquals(Optional.of(new ServiceConfig("https://mod.bsky.app", "did:plc:ar7c4by46qjdydhdevvrndac")),
                installer.proxy().reportService());
        assertEquals(Optional.empty(), installer.proxy().modService());
    }

    @Test
    void invitesAreEarnedOnlyWithAnIntervalAndWhileRequired() {
        PdsConfig plain = PdsConfig.fromEnvironment(Map.of(), work);
        assertTrue(plain.invites().required());
        assertFalse(plain.invites().earned(), "no interval, no codes earned, as on the reference");
        assertEquals(Instant.EPOCH, plain.invites().epoch());
        PdsConfig earning = PdsConfig.fromEnvironment(Map.of("PDS_INVITE_INTERVAL", "604800000", "PDS_INVITE_EPOCH", "1733500000000"), work);
        assertTrue(earning.invites().earned());
        assertEquals(Optional.of(Duration.ofDays(7)), earning.invites().interval());
        assertEquals(Instant.ofEpochMilli(1733500000000L), earning.invites().epoch());
        assertFalse(PdsConfig.fromEnvironment(Map.of("PDS_INVITE_INTERVAL", "604800000", "PDS_INVITE_REQUIRED", "false"), work)
                .invites().earned(), "without required invites nobody earns any");
    }

    @Test
    void mailAndImportsDefaultAsOnTheReference() {
        PdsConfig plain = PdsConfig.fromEnvironment(Map.of("PDS_HOSTNAME", "pds.example.com"), work);
        assertTrue(plain.email().smtpUrl().isEmpty(), "no mail server unless one is given");
        assertEquals("noreply@pds.example.com", plain.email().fromAddress());
        assertTrue(plain.imports().accepting());
        assertEquals(plain.blobUploadLimit(), plain.imports().maxBytes(), "imports fall back to the blob limit");
        PdsConfig set = PdsConfig.fromEnvironment(Map.of("PDS_EMAIL_SMTP_URL", "smtps://u:p%40ss@mail.example.com:465",
                "PDS_EMAIL_FROM_ADDRESS", "PDS <pds@example.com>", "PDS_MAX_REPO_IMPORT_SIZE", "104857600",
                "PDS_ACCEPTING_REPO_IMPORTS", "false"), work);
        assertEquals("mail.example.com", set.email().smtpUrl().orElseThrow().getHost());
        assertEquals("PDS <pds@example.com>", set.email().fromAddress());
        assertEquals(104857600L, set.imports().maxBytes());
        assertTrue(plain.moderationEmail().isEmpty(), "a moderator's mail is only logged unless its server is set");
        PdsConfig moderation = PdsConfig.fromEnvironment(Map.of("PDS_MODERATION_EMAIL_SMTP_URL", "smtps://mail.example.com",
                "PDS_MODERATION_EMAIL_ADDRESS", "mod@example.com"), work);
        assertEquals("mod@example.com", moderation.moderationEmail().orElseThrow().fromAddress());
        assertFalse(set.imports().accepting());
    }

    @Test
    void toStringNeverShowsSecrets() {
        PdsConfig config = PdsConfig.fromEnvironment(Map.of("PDS_JWT_SECRET", "s3cr3t-jwt", "PDS_ADMIN_PASSWORD", "hunter2"), work);
        String text = config.toString();
        assertFalse(text.contains("s3cr3t-jwt"), text);
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains(config.secrets().plcRotationKeyK256Hex()), text);
    }

    private void assertRejected(Map<String, String> env, String variable) {
        Map<String, String> withData = new HashMap<>(env);
        withData.put("PDS_DATA_DIRECTORY", work.resolve("data").toString());
        ConfigException e = assertThrows(ConfigException.class, () -> PdsConfig.fromEnvironment(withData, work));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }
}
