package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static dev.pds.e2e.server.InviteCodesTest.admin;
import static dev.pds.e2e.server.InviteCodesTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.e2e.SmtpSink;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * admin.sendEmail: a moderator's HTML message reaches the account's address through the
 * moderation mail server, with a plain-text alternative; a taken-down account is still
 * reachable; an unknown recipient and a caller without credentials are refused.
 */
class ModeratorMailTest {
    static final String SEND = "/xrpc/com.atproto.admin.sendEmail";
    static final String ADMIN = "op-secret";

    @TempDir
    Path data;

    static String message(String did, String content, String subject) {
        return "{\"recipientDid\":\"" + did + "\",\"senderDid\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"content\":\"" + content + "\""
                + (subject == null ? "" : ",\"subject\":\"" + subject + "\"") + ",\"comment\":\"not for the user\"}";
    }

    @Test
    void aModeratorsMessageGoesToTheAccountsAddress() throws Exception {
        try (SmtpSink mod = new SmtpSink(); SmtpSink account = new SmtpSink();
                TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                        "PDS_ADMIN_PASSWORD", ADMIN, "PDS_EMAIL_SMTP_URL", account.url(),
                        "PDS_MODERATION_EMAIL_SMTP_URL", mod.url(), "PDS_MODERATION_EMAIL_ADDRESS", "mod@example.com"),
                        List.of(), List.of())) {
            TestServer.Session alice = pds.createAccount("alice");
            HttpResponse<String> r = admin(pds, SEND, message(alice.did(), "<p>Your post broke a rule.</p><p>Appeal: reply here.</p>",
                    "About your post"), basic("admin", ADMIN));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(json(r).get("sent").asBoolean());
            SmtpSink.Message m = mod.next();
            assertEquals("alice@example.com", m.to());
            assertTrue(m.text().contains("Subject: About your post"), m.text());
            assertTrue(m.text().contains("From: mod@example.com"), m.text());
            assertTrue(m.text().contains("multipart/alternative"), m.text());
            assertTrue(m.text().contains("text/html") && m.text().contains("<p>Your post broke a rule.</p>"), m.text());
            assertTrue(m.text().contains("Your post broke a rule.\nAppeal: reply here."), "the plain-text part: " + m.text());
            assertTrue(!m.text().contains("not for the user"), "the comment stays with the moderators");
            assertTrue(account.isEmpty(), "account mail's server is not used for it");

            // a taken-down account still gets mail; the default subject is the reference's
            assertEquals(200, admin(pds, OperatorAccountsTest.STATUS, OperatorAccountsTest.takedown(alice.did(), true),
                    basic("admin", ADMIN)).statusCode());
            assertEquals(200, admin(pds, SEND, message(alice.did(), "Hello", null), basic("admin", ADMIN)).statusCode());
            assertTrue(mod.next().text().contains("Subject: Message via your PDS"));

            assertError(admin(pds, SEND, message("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "x", null), basic("admin", ADMIN)), 400, "InvalidRequest");
            assertError(admin(pds, SEND, message(alice.did(), "x", null), null), 401, "AuthenticationRequired");
            assertError(admin(pds, SEND, "{\"recipientDid\":\"" + alice.did() + "\"}", basic("admin", ADMIN)), 400, "InvalidRequest");
            assertTrue(mod.isEmpty(), "nothing refused was sent");
        }
    }
}
