package dev.pds.server.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.core.syntax.Did;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declared-age boundaries and the namespace rule, on a fixed day. */
class PreferencesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Did ALICE = Did.parse("did:plc:alice234567abcdefghijklm");
    /** 2025-06-15, just before midnight UTC. */
    static final Clock DAY = Clock.fixed(Instant.parse("2025-06-15T23:59:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    RepoStore store;
    Preferences prefs;

    @BeforeEach
    void open() {
        store = RepoStore.open(dir, StoreConfig.defaults());
        prefs = new Preferences(store, DAY);
    }

    @AfterEach
    void close() {
        store.close();
    }

    JsonNode ageFor(String birthDate) throws Exception {
        prefs.replace(ALICE, List.of(JSON.readTree("{\"$type\":\"" + Preferences.PERSONAL_DETAILS + "\",\"birthDate\":\""
                + birthDate + "\"}")), true);
        List<ObjectNode> read = prefs.read(ALICE, true);
        return read.get(read.size() - 1);
    }

    @Test
    void anAgeIsReachedOnTheBirthdayItself() throws Exception {
        assertTrue(ageFor("2007-06-15T00:00:00.000Z").get("isOverAge18").asBoolean(), "18 today");
        assertEquals(false, ageFor("2007-06-16T00:00:00.000Z").get("isOverAge18").asBoolean(), "18 tomorrow");
        JsonNode thirteen = ageFor("2012-06-15T10:00:00Z");
        assertEquals(true, thirteen.get("isOverAge13").asBoolean());
        assertEquals(false, thirteen.get("isOverAge16").asBoolean());
        // the date is the birth date's in UTC: 2012-06-16T01:00+02:00 is the 15th in UTC
        assertEquals(true, ageFor("2012-06-16T01:00:00+02:00").get("isOverAge13").asBoolean());
        assertEquals(Optional.of(LocalDate.of(2000, 1, 2)), Preferences.birthDate("2000-01-02"));
        assertEquals(Optional.empty(), Preferences.birthDate("yesterday"));
    }

    @Test
    void aBirthDateThatIsNoDateGivesNoDeclaredAge() throws Exception {
        prefs.replace(ALICE, List.of(JSON.readTree("{\"$type\":\"" + Preferences.PERSONAL_DETAILS + "\",\"birthDate\":\"soon\"}")),
                true);
        assertEquals(1, prefs.read(ALICE, true).size());
        assertEquals(0, prefs.read(ALICE, false).size());
    }

    @Test
    void theNamespaceIsAppBskyAndItsChildrenOnly() {
        assertTrue(Preferences.inNamespace("app.bsky"));
        assertTrue(Preferences.inNamespace("app.bsky.actor.defs#adultContentPref"));
        assertEquals(false, Preferences.inNamespace("app.bskyx.pref"));
        assertEquals(false, Preferences.inNamespace("com.example.pref"));
        assertEquals(false, Preferences.inNamespace(null));
    }
}
