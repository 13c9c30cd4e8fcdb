package dev.pds.server.account;

import dev.pds.core.error.XrpcException;
import java.util.regex.Pattern;

/** The email addresses accounts may have: one {@code @}, a dotted domain, at most 254 characters. */
public final class EmailAddress {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_EMAIL = 254;

    private EmailAddress() {
    }

    /** The address in the form it is stored (lower case), or InvalidRequest with the reference's words. */
    public static String checked(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw XrpcException.invalidRequest("Email is required");
        }
        if (raw.length() > MAX_EMAIL || !EMAIL.matcher(raw).matches()) {
            throw XrpcException.invalidRequest("This email address is not supported, please use a different email.");
        }
        return AccountStore.normalize(raw);
    }
}
