package dev.pds.server.mail;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;

/** The mail server refused or could not be reached: the caller's request fails, nothing is half-done. */
public final class MailException extends XrpcException {
    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(ErrorStatus.INTERNAL, "InternalServerError", message, cause);
    }
}
