package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.config.EmailConfig;
import dev.pds.server.mail.MailTexts;
import dev.pds.server.mail.Mailer;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.admin.sendEmail} (moderator): a moderator's message, written in HTML, to an
 * account's address (taken down or deactivated ones too), through the moderation mail server
 * ({@code PDS_MODERATION_EMAIL_SMTP_URL}, from {@code PDS_MODERATION_EMAIL_ADDRESS}). Without
 * one, as on the reference, the message is logged instead and the answer still says sent.
 */
public final class SendEmail extends AdminMethod {
    public static final String NSID = "com.atproto.admin.sendEmail";
    static final String DEFAULT_SUBJECT = "Message via your PDS";

    private final Mailer mailer;

    public SendEmail(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
        Optional<EmailConfig> moderation = context.config().moderationEmail();
        this.mailer = Mailer.of(moderation.orElse(new EmailConfig(Optional.empty(), "moderation@" + context.config().hostname())),
                context.config().devMode());
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        Did recipient = Did.parse(in.path("recipientDid").asText());
        Account account = context.accounts().byDid(recipient).orElseThrow(() -> XrpcException.invalidRequest("Recipient not found"));
        if (account.email() == null || account.email().isEmpty()) {
            throw XrpcException.invalidRequest("account does not have an email address");
        }
        String subject = in.hasNonNull("subject") ? in.get("subject").asText() : DEFAULT_SUBJECT;
        mailer.send(MailTexts.moderation(account.email(), subject, in.path("content").asText()));
        return XrpcResponse.json(XrpcJson.object().put("sent", true));
    }
}
