package dev.pds.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.plc.PlcJson;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.SmtpSink;
import dev.pds.e2e.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes by mail, through a real SMTP exchange with a test mail server: a password reset
 * (every session ends), the owner's own account deletion (password and mailed code), and the
 * signature of a PLC operation for moving away (mailed code). Wrong, reused and foreign codes
 * are refused and change nothing.
 */
class MailFlowsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    SmtpSink mail;
    TestServer pds;
    TestServer.Session alice;

    @BeforeEach
    void start() throws Exception {
        mail = new SmtpSink();
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_EMAIL_SMTP_URL", mail.url(), "PDS_EMAIL_FROM_ADDRESS", "pds@example.com"), List.of(), List.of());
        alice = pds.createAccount("alice");
    }

    @AfterEach
    void stop() throws Exception {
        pds.close();
        mail.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void answers(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        if (error != null) {
            assertEquals(error, json(r).path("error").asText(), r.body());
        }
    }

    HttpResponse<String> post(String nsid, String body, String token) throws Exception {
        if (body == null) {
            HttpRequest.Builder b = pds.request("/xrpc/" + nsid).POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return pds.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        return pds.postJson("/xrpc/" + nsid, body, token);
    }

    HttpResponse<String> login(String password) throws Exception {
        return post("com.atproto.server.createSession", "{\"identifier\":\"alice.test\",\"password\":\"" + password + "\"}", null);
    }

    @Test
    void aMailedCodeResetsThePasswordOnceAndEndsEverySession() throws Exception {
        answers(post("com.atproto.server.requestPasswordReset", "{\"email\":\"nobody@example.com\"}", null), 400, "InvalidRequest");
        answers(post("com.atproto.server.requestPasswordReset", "{\"email\":\"Alice@Example.com\"}", null), 200, null);
        SmtpSink.Message m = mail.next();
        assertEquals("alice@example.com", m.to());
        assertTrue(m.text().contains("alice.test"), m.text());
        String code = m.code();
        answers(post("com.atproto.server.resetPassword", "{\"token\":\"AAAAA-BBBBB\",\"password\":\"new-pass\"}", null), 400, "InvalidToken");
        answers(login("alice-pass"), 200, null);
        // codes are compared regardless of case, as on the reference
        answers(post("com.atproto.server.resetPassword", "{\"token\":\"" + code.toLowerCase() + "\",\"password\":\"new-pass\"}", null),
                200, null);
        answers(pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()), 400, "ExpiredToken");
        answers(login("alice-pass"), 401, "AuthenticationRequired");
        answers(login("new-pass"), 200, null);
        answers(post("com.atproto.server.resetPassword", "{\"token\":\"" + code + "\",\"password\":\"third-pass\"}", null), 400, "InvalidToken");
        answers(login("new-pass"), 200, null);
    }

    @Test
    void theOwnerDeletesTheAccountWithPasswordAndMailedCode() throws Exception {
        TestServer.Session bob = pds.createAccount("bob");
        answers(post("com.atproto.server.requestAccountDelete", null, alice.accessJwt()), 200, null);
        String code = mail.next().code();
        String body = "{\"did\":\"%s\",\"password\":\"%s\",\"token\":\"%s\"}";
        answers(post("com.atproto.server.deleteAccount", body.formatted(alice.did(), "wrong", code), null), 401, "AuthenticationRequired");
        // bob's password with alice's code, and alice's password with no code of hers
        answers(post("com.atproto.server.deleteAccount", body.formatted(bob.did(), "bob-pass", code), null), 400, "InvalidToken");
        answers(post("com.atproto.server.deleteAccount", body.formatted(alice.did(), "alice-pass", "AAAAA-BBBBB"), null), 400,
                "InvalidToken");
        answers(login("alice-pass"), 200, null);
        answers(post("com.atproto.server.deleteAccount", body.formatted(alice.did(), "alice-pass", code), null), 200, null);
        answers(login("alice-pass"), 401, null);
        assertTrue(pds.server.context().store().head(Did.parse(alice.did())).isEmpty(), "the repo is gone");
        answers(post("com.atproto.server.deleteAccount", body.formatted(alice.did(), "alice-pass", code), null), 400, "InvalidRequest");
        answers(post("com.atproto.server.createSession", "{\"identifier\":\"bob.test\",\"password\":\"bob-pass\"}", null), 200, null);
    }

    @Test
    void aMailedCodeLetsThisServerSignTheOperationThatMovesTheAccountAway() throws Exception {
        String other = "{\"atproto_pds\":{\"type\":\"AtprotoPersonalDataServer\",\"endpoint\":\"https://new.example.com\"}}";
        answers(post("com.atproto.identity.signPlcOperation", "{\"services\":" + other + "}", alice.accessJwt()), 400, "InvalidRequest");
        answers(post("com.atproto.identity.signPlcOperation", "{\"token\":\"AAAAA-BBBBB\",\"services\":" + other + "}",
                alice.accessJwt()), 400, "InvalidToken");
        answers(post("com.atproto.identity.requestPlcOperationSignature", null, alice.accessJwt()), 200, null);
        String code = mail.next().code();
        HttpResponse<String> signed = post("com.atproto.identity.signPlcOperation",
                "{\"token\":\"" + code + "\",\"services\":" + other + "}", alice.accessJwt());
        answers(signed, 200, null);
        PlcOperation op = (PlcOperation) PlcJson.readOp(json(signed).get("operation"), true);
        assertEquals("https://new.example.com", op.services().get("atproto_pds").endpoint());
        assertEquals(List.of("at://alice.test"), op.alsoKnownAs(), "what was not given is kept");
        assertEquals(pds.server.context().plcRotationKey().didKey(),
                PlcSignatures.signer(op, List.of(pds.server.context().plcRotationKey().didKey())).orElse(null),
                "signed with the rotation key");
        // not sent: the new server submits it; and the code is used up
        assertEquals(pds.server.config().publicUrl(), pds.server.context().plc().getData(alice.did()).pdsEndpoint());
        answers(post("com.atproto.identity.signPlcOperation", "{\"token\":\"" + code + "\"}", alice.accessJwt()), 400, "InvalidToken");
        // fields the directory would refuse are refused here
        answers(post("com.atproto.identity.requestPlcOperationSignature", null, alice.accessJwt()), 200, null);
        answers(post("com.atproto.identity.signPlcOperation", "{\"token\":\"" + mail.next().code() + "\",\"rotationKeys\":\"nope\"}",
                alice.accessJwt()), 400, "InvalidRequest");
    }

    JsonNode session() throws Exception {
        return json(pds.get("/xrpc/com.atproto.server.getSession", alice.accessJwt()));
    }

    @Test
    void anAddressIsConfirmedByMailAndAConfirmedOneChangesOnlyWithAMailedCode() throws Exception {
        pds.createAccount("bob");
        // unconfirmed: a change needs no code, and none is mailed
        HttpResponse<String> ask = post("com.atproto.server.requestEmailUpdate", null, alice.accessJwt());
        answers(ask, 200, null);
        assertEquals(false, json(ask).get("tokenRequired").asBoolean());
        answers(post("com.atproto.server.updateEmail", "{\"email\":\"alice2@example.com\"}", alice.accessJwt()), 200, null);
        assertEquals("alice2@example.com", session().get("email").asText());
        assertTrue(mail.isEmpty());

        answers(post("com.atproto.server.requestEmailConfirmation", null, alice.accessJwt()), 200, null);
        SmtpSink.Message m = mail.next();
        assertEquals("alice2@example.com", m.to());
        answers(post("com.atproto.server.confirmEmail", "{\"email\":\"alice@example.com\",\"token\":\"" + m.code() + "\"}",
                alice.accessJwt()), 400, "InvalidEmail");
        answers(post("com.atproto.server.confirmEmail", "{\"email\":\"alice2@example.com\",\"token\":\"AAAAA-BBBBB\"}",
                alice.accessJwt()), 400, "InvalidToken");
        assertEquals(false, session().get("emailConfirmed").asBoolean());
        assertFalse(AccountStatusTest.adminInfo(pds, alice.did()).has("emailConfirmedAt"));
        answers(post("com.atproto.server.confirmEmail", "{\"email\":\"Alice2@example.com\",\"token\":\"" + m.code() + "\"}",
                alice.accessJwt()), 200, null);
        assertEquals(true, session().get("emailConfirmed").asBoolean());
        assertTrue(AccountStatusTest.adminInfo(pds, alice.did()).get("emailConfirmedAt").asText().endsWith("Z"),
                "getAccountInfo says when it was confirmed");

        // confirmed: the change needs the code mailed to the confirmed address
        answers(post("com.atproto.server.updateEmail", "{\"email\":\"alice3@example.com\"}", alice.accessJwt()), 400, "TokenRequired");
        ask = post("com.atproto.server.requestEmailUpdate", null, alice.accessJwt());
        assertEquals(true, json(ask).get("tokenRequired").asBoolean());
        SmtpSink.Message update = mail.next();
        assertEquals("alice2@example.com", update.to());
        answers(post("com.atproto.server.updateEmail", "{\"email\":\"bob@example.com\",\"token\":\"" + update.code() + "\"}",
                alice.accessJwt()), 400, "InvalidRequest");
        answers(post("com.atproto.server.updateEmail", "{\"email\":\"alice3@example.com\",\"token\":\"" + update.code() + "\"}",
                alice.accessJwt()), 200, null);
        JsonNode now = session();
        assertEquals("alice3@example.com", now.get("email").asText());
        assertEquals(false, now.get("emailConfirmed").asBoolean(), "a new address starts unconfirmed");
        assertFalse(AccountStatusTest.adminInfo(pds, alice.did()).has("emailConfirmedAt"));
        answers(login("alice-pass"), 200, null);
    }

    @Test
    void aMailServerThatIsDownFailsTheRequestWithoutItsDetails() throws Exception {
        mail.close();
        HttpResponse<String> r = post("com.atproto.server.requestPasswordReset", "{\"email\":\"alice@example.com\"}", null);
        answers(r, 500, "InternalServerError");
        assertTrue(!r.body().contains("127.0.0.1") && !r.body().toLowerCase().contains("connect"), r.body());
    }
}
