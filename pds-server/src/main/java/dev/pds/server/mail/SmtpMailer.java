package dev.pds.server.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through the SMTP server of {@code PDS_EMAIL_SMTP_URL} with Jakarta Mail (Eclipse Angus):
 * {@code smtps://} is TLS from the start, {@code smtp://} upgrades with STARTTLS when the server
 * offers it; user and password, when the URL has them, log in. Bounded timeouts, so a dead mail
 * server fails a request instead of holding a worker.
 */
final class SmtpMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
    private static final String TIMEOUT_MS = "10000";

    private final Session session;
    private final InternetAddress from;

    SmtpMailer(URI url, String fromAddress) {
        boolean tls = "smtps".equals(url.getScheme());
        String protocol = tls ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", url.getHost());
        props.put("mail." + protocol + ".port", String.valueOf(url.getPort() > 0 ? url.getPort() : tls ? 465 : 587));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MS);
        if (!tls) {
            props.put("mail.smtp.starttls.enable", "true");
        }
        Authenticator login = null;
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            String user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            props.put("mail." + protocol + ".auth", "true");
            login = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(props, login);
        try {
            this.from = new InternetAddress(fromAddress, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("PDS_EMAIL_FROM_ADDRESS is not an address: " + fromAddress, e);
        }
    }

    @Override
    public void send(Email email) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
            message.setSubject(email.subject(), "UTF-8");
            if (email.html().isPresent()) {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(email.text(), "UTF-8");
                MimeBodyPart html = new MimeBodyPart();
                html.setText(email.html().get(), "UTF-8", "html");
                message.setContent(new MimeMultipart("alternative", text, html));
            } else {
                message.setText(email.text(), "UTF-8");
            }
            message.setSentDate(new Date());
            Transport.send(message);
        } catch (MessagingException e) {
            // the mail server's words stay in the log: they are the operator's business, not the caller's
            LOG.warn("Mail to {} ({}) not sent: {}", email.to(), email.subject(), e.toString());
            throw new MailException("the mail could not be sent; try again later", e);
        }
    }
}
