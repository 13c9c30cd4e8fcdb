package dev.pds.server.mail;

import dev.pds.server.config.EmailConfig;

/** Sends account mail. Sending may block (an SMTP exchange): call it from a worker thread. */
public interface Mailer {
    /** @throws MailException when the message could not be handed to the mail server */
    void send(Email email);

    /** SMTP when {@code PDS_EMAIL_SMTP_URL} is set; otherwise a mailer that only logs. */
    static Mailer of(EmailConfig config, boolean devMode) {
        return config.smtpUrl().<Mailer>map(url -> new SmtpMailer(url, config.fromAddress()))
                .orElseGet(() -> new LogMailer(devMode));
    }
}
