package dev.pds.e2e.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthScope;
import dev.pds.server.auth.SessionStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** app.bsky.actor.getPreferences and putPreferences kept on the PDS: replacement, namespaces, personal details, age. */
class PreferencesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GET = "/xrpc/app.bsky.actor.getPreferences";
    static final String PUT = "/xrpc/app.bsky.actor.putPreferences";
    static final String ADULT = "{\"$type\":\"app.bsky.actor.defs#adultContentPref\",\"enabled\":true}";
    static final String FEED_VIEW = "{\"$type\":\"app.bsky.actor.defs#feedViewPref\",\"feed\":\"home\",\"hideReplies\":true}";
    /** As stored: the lexicon's defaults filled in, as the reference PDS does too. */
    static final String FEED_VIEW_STORED = "{\"$type\":\"app.bsky.actor.defs#feedViewPref\",\"feed\":\"home\",\"hideReplies\":true,"
            + "\"hideRepliesByUnfollowed\":true}";

    @TempDir
    static Path data;
    static TestServer pds;
    static TestServer.Session alice;
    static TestServer.Session bob;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        alice = pds.createAccount("alice");
        bob = pds.createAccount("bob");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String error, String messagePart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(error, json(r).path("error").asText(), r.body());
        assertTrue(json(r).path("message").asText().contains(messagePart), r.body());
    }

    static JsonNode prefs(String token) throws Exception {
        HttpResponse<String> r = pds.get(GET, token);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("preferences");
    }

    static void put(String token, String... prefs) throws Exception {
        HttpResponse<String> r = pds.postJson(PUT, "{\"preferences\":[" + String.join(",", prefs) + "]}", token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("", r.body(), "putPreferences answers without a body");
    }

    static String personal(String birthDate) {
        return "{\"$type\":\"app.bsky.actor.defs#personalDetailsPref\",\"birthDate\":\"" + birthDate + "\"}";
    }

    /** An access token of a session logged in with an app password (the sessions' own store makes it). */
    static String appPasswordToken(TestServer.Session who) {
        AppContext ctx = pds.server.context();
        SessionStore.Started s = ctx.sessions().start(Did.parse(who.did()), AuthScope.APP_PASS, Optional.of("app1"),
                ctx.tokens(), Instant.now());
        ctx.store().writeTables(s.writes(), List.of()).join();
        return s.tokens().accessJwt();
    }

    @Test
    void aPutReplacesTheWholeSetAndEachAccountHasItsOwn() throws Exception {
        assertEquals(JSON.readTree("[]"), prefs(bob.accessJwt()));
        put(bob.accessJwt(), ADULT, FEED_VIEW);
        assertEquals(JSON.readTree("[" + ADULT + "," + FEED_VIEW_STORED + "]"), prefs(bob.accessJwt()));
        put(bob.accessJwt(), FEED_VIEW);
        assertEquals(JSON.readTree("[" + FEED_VIEW_STORED + "]"), prefs(bob.accessJwt()));
        // types this server has no lexicon for are kept as sent, if they are app.bsky's
        String future = "{\"$type\":\"app.bsky.actor.defs#somethingNew\",\"x\":{\"y\":[1,2]}}";
        put(bob.accessJwt(), future);
        assertEquals(JSON.readTree("[" + future + "]"), prefs(bob.accessJwt()));
        assertEquals(JSON.readTree("[]"), prefs(pds.createAccount("frank").accessJwt()), "each account has its own");
        put(bob.accessJwt());
        assertEquals(JSON.readTree("[]"), prefs(bob.accessJwt()));
        // with no app view configured, preferences are kept here whatever service a proxy header names
        put(bob.accessJwt(), ADULT);
        HttpResponse<String> proxied = pds.http.send(pds.request(GET).header("authorization", "Bearer " + bob.accessJwt())
                .header("atproto-proxy", "did:web:api.bsky.app#bsky_appview").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, proxied.statusCode(), proxied.body());
        assertEquals(JSON.readTree("[" + ADULT + "]"), json(proxied).get("preferences"));
    }

    @Test
    void theDeclaredAgeIsDerivedFromTheBirthDateAndNeverStored() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String fifteen = today.minusYears(15).minusDays(1) + "T00:00:00.000Z";
        put(alice.accessJwt(), ADULT, personal(fifteen),
                "{\"$type\":\"app.bsky.actor.defs#declaredAgePref\",\"isOverAge13\":false}");
        JsonNode got = prefs(alice.accessJwt());
        assertEquals(3, got.size(), got.toString());
        assertEquals(JSON.readTree(ADULT), got.get(0));
        assertEquals(JSON.readTree(personal(fifteen)), got.get(1));
        assertEquals(JSON.readTree("{\"$type\":\"app.bsky.actor.defs#declaredAgePref\",\"isOverAge13\":true,"
                + "\"isOverAge16\":false,\"isOverAge18\":false}"), got.get(2));

        String adult = today.minusYears(30) + "T12:00:00Z";
        put(alice.accessJwt(), personal(adult));
        JsonNode later = prefs(alice.accessJwt());
        assertEquals(2, later.size());
        assertTrue(later.get(1).get("isOverAge18").asBoolean());
    }

    @Test
    void appPasswordsNeitherSeeNorReplacePersonalDetails() throws Exception {
        TestServer.Session carol = pds.createAccount("carol");
        String born = "2000-01-01T00:00:00.000Z";
        put(carol.accessJwt(), ADULT, personal(born));
        String app = appPasswordToken(carol);

        JsonNode seen = prefs(app);
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(JSON.readTree(ADULT), seen.get(0));
        assertEquals("app.bsky.actor.defs#declaredAgePref", seen.get(1).get("$type").asText(), "the age, not the date");

        assertError(pds.postJson(PUT, "{\"preferences\":[" + personal("1990-01-01T00:00:00.000Z") + "]}", app), 400,
                "InvalidRequest", "Do not have authorization to set preferences: app.bsky.actor.defs#personalDetailsPref");
        put(app, FEED_VIEW);
        JsonNode full = prefs(carol.accessJwt());
        assertEquals(JSON.readTree(personal(born)), full.get(0), "kept through the app password's put");
        assertEquals(JSON.readTree(FEED_VIEW_STORED), full.get(1));
        assertEquals(3, full.size());
    }

    @Test
    void badPutsAreRefusedAndChangeNothing() throws Exception {
        TestServer.Session dave = pds.createAccount("dave");
        put(dave.accessJwt(), ADULT);
        String t = dave.accessJwt();
        assertError(pds.postJson(PUT, "{\"preferences\":[{\"$type\":\"com.example.pref\",\"x\":1}]}", t), 400,
                "InvalidRequest", "Some preferences are not in the app.bsky namespace");
        assertError(pds.postJson(PUT, "{\"preferences\":[" + ADULT + ",{\"$type\":\"app.bskyx.pref\"}]}", t), 400,
                "InvalidRequest", "namespace");
        assertError(pds.postJson(PUT, "{\"preferences\":[{\"x\":1}]}", t), 400, "InvalidRequest", "$type");
        assertError(pds.postJson(PUT, "{\"preferences\":[{\"$type\":\"app.bsky.actor.defs#adultContentPref\",\"enabled\":\"yes\"}]}",
                t), 400, "InvalidRequest", "enabled");
        assertError(pds.postJson(PUT, "{\"preferences\":{}}", t), 400, "InvalidRequest", "preferences");
        assertError(pds.postJson(PUT, "{}", t), 400, "InvalidRequest", "preferences");
        assertError(pds.postJson(PUT, "{\"preferences\":[]", t), 400, "InvalidRequest", "JSON");
        assertEquals(JSON.readTree("[" + ADULT + "]"), prefs(t));

        assertError(pds.get(GET, null), 401, "AuthMissing", "");
        assertError(pds.postJson(PUT, "{\"preferences\":[]}", null), 401, "AuthMissing", "");
        assertError(pds.get(GET, dave.refreshJwt()), 400, "InvalidToken", "");
        assertEquals(JSON.readTree("[" + ADULT + "]"), prefs(t));
    }

    @Test
    void preferencesSurviveARestart() throws Exception {
        // a server of its own, on a data folder of its own
        Path own = data.resolve("restart");
        TestServer.Session erin;
        try (TestServer first = TestServer.start(own)) {
            erin = first.createAccount("erin");
            HttpResponse<String> r = first.postJson(PUT, "{\"preferences\":[" + ADULT + "]}", erin.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
        }
        try (TestServer second = TestServer.start(own)) {
            HttpResponse<String> r = second.get(GET, erin.accessJwt());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(JSON.readTree("[" + ADULT + "]"), json(r).get("preferences"));
        }
    }
}
