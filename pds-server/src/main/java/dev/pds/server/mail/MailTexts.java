package dev.pds.server.mail;

import java.util.Optional;
import java.util.regex.Pattern;

/** The texts of account mail: what each code is for, and how long it lasts. */
public final class MailTexts {
    private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|h[1-6]|tr|blockquote)\\s*>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private MailTexts() {
    }

    public static Email passwordReset(String to, String handle, String token) {
        return new Email(to, "Password reset requested",
                "A password reset was requested for " + handle + ".\n\n"
                        + "Your reset code: " + token + "\n\n"
                        + "Enter it in your app within 15 minutes. If you did not ask for this, ignore this message.\n");
    }

    public static Email accountDelete(String to, String token) {
        return new Email(to, "Account deletion request",
                "Your account deletion code: " + token + "\n\n"
                        + "Enter it in your app with your password within 15 minutes to delete your account for good.\n"
                        + "If you did not ask for this, ignore this message and consider changing your password.\n");
    }

    public static Email confirmEmail(String to, String token) {
        return new Email(to, "Confirm your email address",
                "Your code to confirm this address: " + token + "\n\nEnter it in your app within 15 minutes.\n");
    }

    public static Email updateEmail(String to, String token) {
        return new Email(to, "Email address change requested",
                "Your code to change the email address of your account: " + token + "\n\n"
                        + "It lasts 15 minutes. If you did not ask for this, ignore this message and consider changing your password.\n");
    }

    public static Email plcOperation(String to, String token) {
        return new Email(to, "PLC update requested",
                "Your code to update your identity (for instance to move your account to another server): " + token
                        + "\n\nIt lasts 15 minutes. If you did not ask for this, do not share it, and consider changing your password.\n");
    }

    /** A moderator's message, written in HTML: sent as HTML with a plain-text rendering of it. */
    public static Email moderation(String to, String subject, String html) {
        return new Email(to, subject, plainText(html), Optional.of(html));
    }

    /** The text of an HTML fragment: block ends and line breaks become new lines, tags go, common entities are read. */
    static String plainText(String html) {
        String text = BREAKS.matcher(html).replaceAll("\n");
        text = TAGS.matcher(text).replaceAll("");
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return BLANK_LINES.matcher(text).replaceAll("\n\n").strip() + "\n";
    }
}
