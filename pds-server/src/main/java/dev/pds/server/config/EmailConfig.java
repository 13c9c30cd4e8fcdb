package dev.pds.server.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where account mail goes: {@code PDS_EMAIL_SMTP_URL} ({@code smtp://} or {@code smtps://}, with
 * {@code user:password@} when the server asks for a login), from {@code PDS_EMAIL_FROM_ADDRESS}
 * (default {@code noreply@<hostname>}). Without an SMTP URL, as on the reference, no mail is
 * sent: the server logs that it was not (and in dev mode what it said, tokens included).
 */
public record EmailConfig(Optional<URI> smtpUrl, String fromAddress) {
    public EmailConfig {
        Objects.requireNonNull(smtpUrl, "smtpUrl");
        Objects.requireNonNull(fromAddress, "fromAddress");
        smtpUrl.ifPresent(url -> {
            if (!"smtp".equals(url.getScheme()) && !"smtps".equals(url.getScheme()) || url.getHost() == null) {
                throw new ConfigException("PDS_EMAIL_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://...: " + url);
            }
        });
    }

    /**
     * Where a moderator's messages (admin.sendEmail) go, as on the reference: both
     * {@code PDS_MODERATION_EMAIL_SMTP_URL} and {@code PDS_MODERATION_EMAIL_ADDRESS} (the sender),
     * or neither (then such messages are only logged).
     */
    static Optional<EmailConfig> moderation(EnvReader env) {
        Optional<String> url = env.string("PDS_MODERATION_EMAIL_SMTP_URL");
        Optional<String> from = env.string("PDS_MODERATION_EMAIL_ADDRESS");
        if (url.isEmpty() && from.isEmpty()) {
            return Optional.empty();
        }
        if (url.isEmpty() || from.isEmpty()) {
            throw new ConfigException("PDS_MODERATION_EMAIL_SMTP_URL and PDS_MODERATION_EMAIL_ADDRESS go together: set both or neither");
        }
        try {
            return Optional.of(new EmailConfig(Optional.of(URI.create(url.get())), from.get()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("PDS_MODERATION_EMAIL_SMTP_URL is not a URL: " + e.getMessage(), e);
        }
    }

    static EmailConfig from(EnvReader env, String hostname) {
        Optional<URI> url;
        try {
            url = env.string("PDS_EMAIL_SMTP_URL").map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("PDS_EMAIL_SMTP_URL is not a URL: " + e.getMessage(), e);
        }
        return new EmailConfig(url, env.string("PDS_EMAIL_FROM_ADDRESS", "noreply@" + hostname));
    }
}
