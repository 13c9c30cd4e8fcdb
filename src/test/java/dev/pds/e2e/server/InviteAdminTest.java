package dev.pds.e2e.server;

import static dev.pds.e2e.server.AccountsAndSessionsTest.assertError;
import static dev.pds.e2e.server.AccountsAndSessionsTest.json;
import static dev.pds.e2e.server.InviteCodesTest.ACCOUNT_CODES;
import static dev.pds.e2e.server.InviteCodesTest.ADMIN_PASSWORD;
import static dev.pds.e2e.server.InviteCodesTest.CREATE_ACCOUNT;
import static dev.pds.e2e.server.InviteCodesTest.admin;
import static dev.pds.e2e.server.InviteCodesTest.basic;
import static dev.pds.e2e.server.InviteCodesTest.code;
import static dev.pds.e2e.server.InviteCodesTest.createAccount;
import static dev.pds.e2e.server.InviteCodesTest.signupWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's invite management: every code a page at a time (getInviteCodes, by time or by
 * use), disabling codes by code or by account, and turning an account's earned codes off and on.
 */
class InviteAdminTest {
    static final String LIST = "/xrpc/com.atproto.admin.getInviteCodes";

    @TempDir
    Path data;

    static JsonNode list(TestServer pds, String query) throws Exception {
        HttpResponse<String> r = pds.http.send(pds.request(LIST + query).GET().header("Authorization", basic("admin", ADMIN_PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static JsonNode info(TestServer pds, String did) throws Exception {
        return json(pds.http.send(pds.request("/xrpc/com.atproto.admin.getAccountInfo?did=" + did).GET()
                .header("Authorization", basic("admin", ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theOperatorListsAndDisablesCodes() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD),
                List.of(), List.of())) {
            String first = code(pds, "{\"useCount\":3}");
            JsonNode alice = createAccount(pds, "alice", first);
            String aliceDid = alice.get("did").asText();
            String forAlice = code(pds, "{\"useCount\":1,\"forAccount\":\"" + aliceDid + "\"}");
            Thread.sleep(5);
            String latest = code(pds, "{\"useCount\":1,\"forAccount\":\"" + aliceDid + "\"}");

            // one at a time, newest first, through the cursors
            List<String> seen = new ArrayList<>();
            String cursor = null;
            for (int i = 0; i < 10; i++) {
                JsonNode page = list(pds, "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("codes").forEach(c -> seen.add(c.get("code").asText()));
                if (!page.has("cursor")) {
                    break;
                }
                cursor = page.get("cursor").asText();
            }
            assertEquals(List.of(latest, forAlice, first), seen);
            JsonNode byUse = list(pds, "?sort=usage").get("codes");
            assertEquals(first, byUse.get(0).get("code").asText(), "the one used first");
            assertEquals(aliceDid, byUse.get(0).get("uses").get(0).get("usedBy").asText());
            assertEquals(2, info(pds, aliceDid).get("invites").size(), "getAccountInfo shows the codes she was given");
            JsonNode invitedBy = info(pds, aliceDid).get("invitedBy");
            assertEquals(first, invitedBy.get("code").asText(), "and the one she signed up with");
            assertEquals(aliceDid, invitedBy.get("uses").get(0).get("usedBy").asText());

            HttpResponse<String> r = admin(pds, "/xrpc/com.atproto.admin.disableInviteCodes",
                    "{\"accounts\":[\"" + aliceDid + "\"]}", basic("admin", ADMIN_PASSWORD));
            assertEquals(200, r.statusCode(), r.body());
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("bobby", forAlice)), 400, "InvalidInviteCode");
            createAccount(pds, "carol", first);
            assertEquals(200, admin(pds, "/xrpc/com.atproto.admin.disableInviteCodes", "{\"codes\":[\"" + first + "\"]}",
                    basic("admin", ADMIN_PASSWORD)).statusCode());
            assertError(pds.postJson(CREATE_ACCOUNT, signupWith("dave", first)), 400, "InvalidInviteCode");
            for (JsonNode c : list(pds, "").get("codes")) {
                assertTrue(c.get("disabled").asBoolean(), c.toString());
            }

            assertError(admin(pds, "/xrpc/com.atproto.admin.disableInviteCodes", "{\"accounts\":[\"admin\"]}",
                    basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
            assertError(admin(pds, "/xrpc/com.atproto.admin.disableInviteCodes", "{\"codes\":[\"x\"]}", null), 401,
                    "AuthenticationRequired");
            assertError(pds.http.send(pds.request(LIST + "?cursor=nonsense").GET().header("Authorization", basic("admin", ADMIN_PASSWORD))
                    .build(), HttpResponse.BodyHandlers.ofString()), 400, "InvalidRequest");
            assertError(pds.http.send(pds.request(LIST + "?sort=oldest").GET().header("Authorization", basic("admin", ADMIN_PASSWORD))
                    .build(), HttpResponse.BodyHandlers.ofString()), 400, "InvalidRequest");
        }
    }

    @Test
    void anAccountsEarnedCodesCanBeTurnedOffAndOn() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "PDS_INVITE_INTERVAL", "200"), List.of(), List.of())) {
            JsonNode alice = createAccount(pds, "alice", code(pds, "{\"useCount\":1}"));
            String did = alice.get("did").asText();
            String token = alice.get("accessJwt").asText();
            assertEquals(200, admin(pds, "/xrpc/com.atproto.admin.disableAccountInvites", "{\"account\":\"" + did + "\"}",
                    basic("admin", ADMIN_PASSWORD)).statusCode());
            assertTrue(info(pds, did).get("invitesDisabled").asBoolean());
            Thread.sleep(1_500);
            assertEquals(0, json(pds.get(ACCOUNT_CODES, token)).get("codes").size(), "earned while off: made disabled, not shown");
            JsonNode held = info(pds, did).get("invites");
            assertEquals(5, held.size(), held.toString());
            held.forEach(c -> assertTrue(c.get("disabled").asBoolean()));

            assertEquals(200, admin(pds, "/xrpc/com.atproto.admin.enableAccountInvites", "{\"account\":\"" + did + "\"}",
                    basic("admin", ADMIN_PASSWORD)).statusCode());
            assertFalse(info(pds, did).get("invitesDisabled").asBoolean());
            JsonNode usable = json(pds.get(ACCOUNT_CODES, token)).get("codes");
            assertTrue(usable.size() >= 1, "disabled ones are not unused, so new ones come: " + usable);
            usable.forEach(c -> assertFalse(c.get("disabled").asBoolean()));

            assertError(admin(pds, "/xrpc/com.atproto.admin.disableAccountInvites",
                    "{\"account\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\"}", basic("admin", ADMIN_PASSWORD)), 400, "InvalidRequest");
        }
    }
}
