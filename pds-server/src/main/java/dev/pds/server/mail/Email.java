package dev.pds.server.mail;

import java.util.Objects;

/** One plain-text message to one address. */
public record Email(String to, String subject, String text) {
    public Email {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
