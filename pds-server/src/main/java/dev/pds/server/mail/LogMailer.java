package dev.pds.server.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs without {@code PDS_EMAIL_SMTP_URL}: nothing is sent, as on the reference. The log
 * says a message was not sent; in dev mode it also shows the text (so a developer can read a
 * code), never otherwise, since codes in logs would let log readers reset passwords.
 */
final class LogMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(LogMailer.class);

    private final boolean devMode;

    LogMailer(boolean devMode) {
        this.devMode = devMode;
    }

    @Override
    public void send(Email email) {
        if (devMode) {
            LOG.info("Mail not sent (no SMTP server is set), to {}: {}\n{}", email.to(), email.subject(), email.text());
        } else {
            LOG.warn("Mail not sent (no SMTP server is set), to {}: {}", email.to(), email.subject());
        }
    }
}
