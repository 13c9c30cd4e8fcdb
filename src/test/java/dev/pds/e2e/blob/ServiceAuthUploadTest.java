package dev.pds.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.e2e.TestServer;
import dev.pds.server.account.AccountStatus;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uploadBlob with the account's own service JWT, as the official app's video uploads do it: the
 * app asks getServiceAuth for a token for this server and uploadBlob, hands it to the video
 * service, and the video service uploads the processed video here with it. Only that method,
 * for this server, signed with the account's key, and only for an account that is here.
 */
class ServiceAuthUploadTest {
    static final String UPLOAD = "com.atproto.repo.uploadBlob";

    @TempDir
    Path data;

    private static String serviceAuth(TestServer pds, TestServer.Session who, String aud, String lxm) throws Exception {
        HttpResponse<String> r = pds.get("/xrpc/com.atproto.server.getServiceAuth?aud=" + URLEncoder.encode(aud, StandardCharsets.UTF_8)
                + "&lxm=" + lxm, who.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        return BlobFixture.JSON.readTree(r.body()).get("token").asText();
    }

    @Test
    void theVideoServiceUploadsWithTheAccountsServiceJwt() throws Exception {
        try (TestServer pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_ADMIN_PASSWORD", "upload-admin"), List.of(), List.of())) {
            BlobFixture blobs = new BlobFixture(pds);
            TestServer.Session alice = pds.createAccount("alice");
            String ours = pds.server.context().config().serviceDid();
            String token = serviceAuth(pds, alice, ours, UPLOAD);

            byte[] video = blobs.png(4000);
            HttpResponse<String> up = blobs.upload(token, video, "image/png");
            assertEquals(200, up.statusCode(), up.body());
            JsonNode blob = BlobFixture.JSON.readTree(up.body()).get("blob");
            assertEquals(4000, blob.get("size").asInt());
            // the blob is Alice's: her post can hold it, and then anyone can read it
            blobs.holdInRecord(alice, "v1", blob);
            HttpResponse<byte[]> read = blobs.getBlob(alice.did(), BlobFixture.cidOf(blob));
            assertEquals(200, read.statusCode());
            assertTrue(java.util.Arrays.equals(video, read.body()));

            // a token for another method, or for another server, does not upload
            String forCreate = serviceAuth(pds, alice, ours, "com.atproto.repo.createRecord");
            assertRefused(blobs.upload(forCreate, blobs.png(100), "image/png"), 401, "BadJwtLexiconMethod");
            String elsewhere = serviceAuth(pds, alice, "did:web:video.example", UPLOAD);
            assertRefused(blobs.upload(elsewhere, blobs.png(100), "image/png"), 401, "BadJwtAudience");
            // a signature that is not the account's
            String[] parts = token.split("\\.");
            byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
            sig[5] ^= 1;
            String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
            assertRefused(blobs.upload(forged, blobs.png(100), "image/png"), 401, "BadJwtSignature");
            // the service JWT opens uploadBlob only: elsewhere it is no session token
            HttpResponse<String> create = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + alice.did()
                    + "\",\"collection\":\"dev.pds.test.holder\",\"record\":{\"x\":1}}", token);
            assertEquals(400, create.statusCode(), create.body());
            assertEquals("InvalidToken", BlobFixture.errorName(create));

            // an account taken down (its tokens kept) can no longer upload this way
            String later = serviceAuth(pds, alice, ours, UPLOAD);
            String admin = "Basic " + Base64.getEncoder().encodeToString("admin:upload-admin".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> takedown = pds.http.send(pds.request("/xrpc/com.atproto.admin.updateSubjectStatus")
                    .header("authorization", admin).header("content-type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"subject\":{\"$type\":\"com.atproto.admin.defs#repoRef\","
                            + "\"did\":\"" + alice.did() + "\"},\"takedown\":{\"applied\":true}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, takedown.statusCode(), takedown.body());
            assertEquals(AccountStatus.TAKENDOWN, pds.server.context().accounts().byDid(
                    dev.pds.core.syntax.Did.parse(alice.did())).orElseThrow().status());
            assertRefused(blobs.upload(later, blobs.png(100), "image/png"), 401, "AccountTakedown");
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, BlobFixture.errorName(r), r.body());
    }
}
