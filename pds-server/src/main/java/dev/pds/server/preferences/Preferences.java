package dev.pds.server.preferences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The rules of app.bsky.actor.getPreferences and putPreferences, as the reference PDS has them:
 * only the {@code app.bsky} namespace is kept, a put replaces the whole set, the birth date in
 * {@code personalDetailsPref} is for full sessions only (app passwords neither see nor replace
 * it), and {@code declaredAgePref} is computed from that date on each read, never stored.
 */
public final class Preferences {
    public static final String NAMESPACE = "app.bsky";
    public static final String PERSONAL_DETAILS = "app.bsky.actor.defs#personalDetailsPref";
    public static final String DECLARED_AGE = "app.bsky.actor.defs#declaredAgePref";
    /** Puts of one account are serialized (a put keeps what the caller may not see); stripes bound the locks. */
    private static final int LOCK_STRIPES = 64;

    private final PreferenceStore prefs;
    private final RepoStore store;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public Preferences(RepoStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefs = new PreferenceStore(store);
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The account's preferences as the caller may see them, with the declared age derived
     * from the birth date when there is one.
     *
     * @param fullAccess whether the caller logged in with the account password (not an app password)
     */
    public List<ObjectNode> read(Did did, boolean fullAccess) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode pref : prefs.get(did)) {
            if (inNamespace(type(pref))) {
                out.add(pref);
            }
        }
        out.stream().filter(p -> PERSONAL_DETAILS.equals(type(p))).findFirst()
                .flatMap(p -> birthDate(p.path("birthDate").asText(null)))
                .ifPresent(born -> out.add(declaredAge(born)));
        out.removeIf(p -> !allowed(type(p), fullAccess));
        return out;
    }

    /**
     * Replaces the account's preferences by {@code values}, durably. Preferences the caller may
     * not see are kept; the derived declared age is dropped. InvalidRequest when a preference
     * has no {@code $type}, is outside {@code app.bsky}, or is one the caller may not set.
     */
    public void replace(Did did, List<JsonNode> values, boolean fullAccess) {
        List<ObjectNode> incoming = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            if (!value.isObject() || !value.path("$type").isTextual()) {
                throw XrpcException.invalidRequest("Preference is missing a $type");
            }
            incoming.add((ObjectNode) value);
        }
        if (!incoming.stream().allMatch(p -> inNamespace(type(p)))) {
            throw XrpcException.invalidRequest("Some preferences are not in the " + NAMESPACE + " namespace");
        }
        List<String> forbidden = incoming.stream().map(Preferences::type).filter(t -> !allowed(t, fullAccess)).toList();
        if (!forbidden.isEmpty()) {
            throw XrpcException.invalidRequest("Do not have authorization to set preferences: "
                    + forbidden.stream().collect(Collectors.joining(", ")));
        }
        ReentrantLock lock = locks[Math.floorMod(did.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode kept : prefs.get(did)) {
                // what the caller could not see or set stays, as do other namespaces
                if (!inNamespace(type(kept)) || !allowed(type(kept), fullAccess)) {
                    next.add(kept);
                }
            }
            incoming.stream().filter(p -> !DECLARED_AGE.equals(type(p))).forEach(next::add);
            store.writeTables(prefs.put(did, next), List.of()).join();
        } finally {
            lock.unlock();
        }
    }

    static boolean inNamespace(String type) {
        return type != null && (type.equals(NAMESPACE) || type.startsWith(NAMESPACE + "."));
    }

    static boolean allowed(String type, boolean fullAccess) {
        return fullAccess || !PERSONAL_DETAILS.equals(type);
    }

    private static String type(JsonNode pref) {
        return pref.path("$type").asText(null);
    }

    private ObjectNode declaredAge(LocalDate born) {
        int age = Period.between(born, LocalDate.now(clock.withZone(ZoneOffset.UTC))).getYears();
        ObjectNode pref = XrpcJson.object();
        pref.put("$type", DECLARED_AGE);
        pref.put("isOverAge13", age >= 13);
        pref.put("isOverAge16", age >= 16);
        pref.put("isOverAge18", age >= 18);
        return pref;
    }

    /** The date part of a datetime (or a plain date), in UTC; empty when it is neither. */
    static java.util.Optional<LocalDate> birthDate(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
        } catch (DateTimeParseException e) {
            try {
                return java.util.Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException e2) {
                return java.util.Optional.empty();
            }
        }
    }
}
