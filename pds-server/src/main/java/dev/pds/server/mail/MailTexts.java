package dev.pds.server.mail;

/** The texts of account mail: what each code is for, and how long it lasts. */
public final class MailTexts {
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
}
