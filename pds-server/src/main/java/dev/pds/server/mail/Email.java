package dev.pds.server.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One message to one address: plain text, and for a moderator's message the HTML it was
 * written in too (sent as the alternative a mail program shows first).
 */
public record Email(String to, String subject, String text, Optional<String> html) {
    public Email {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    public Email(String to, String subject, String text) {
        this(to, subject, text, Optional.empty());
    }
}
