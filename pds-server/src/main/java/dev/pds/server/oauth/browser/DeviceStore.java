package dev.pds.server.oauth.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import dev.pds.server.oauth.StateSweep;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Browsers ("devices") and the accounts signed in on each, for the authorization pages: the
 * account chooser, and skipping the consent screen for scopes an account already approved for
 * a client on this browser.
 *
 * <p>Keys in {@link Table#OAUTH}: {@code d\0<deviceId>} -> {createdAt};
 * {@code D\0<deviceId>\0<did>} -> {authenticatedAt, clients: {clientId: approved scope}}.
 */
public final class DeviceStore {
    private static final String DEVICE = "d\0";
    private static final String ACCOUNT = "D\0";
    static final int MAX_ACCOUNTS = 20;
    /** How long a browser nobody has signed in on is kept. */
    static final Duration UNUSED_DEVICE_LIFETIME = Duration.ofDays(1);

    private final RepoStore store;

    public DeviceStore(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** An account signed in on a browser. */
    public record DeviceAccount(String did, Instant authenticatedAt, Map<String, String> approvedScopes) {
        public DeviceAccount {
            approvedScopes = Map.copyOf(approvedScopes);
        }
    }

    public boolean exists(String deviceId) {
        return store.get(Table.OAUTH, key(DEVICE + deviceId)).isPresent();
    }

    public void create(String deviceId, Instant now) {
        ObjectNode o = XrpcJson.object();
        o.put("createdAt", now.toString());
        write(TableWrites.create().put(Table.OAUTH, key(DEVICE + deviceId), XrpcJson.write(o)));
    }

    public List<DeviceAccount> accounts(String deviceId) {
        byte[] prefix = key(ACCOUNT + deviceId + "\0");
        List<DeviceAccount> out = new ArrayList<>();
        for (TableEntry e : store.scan(Table.OAUTH, prefix, null, MAX_ACCOUNTS, false)) {
            out.add(decode(e.keyString().substring(prefix.length), XrpcJson.parse(e.value())));
        }
        return out;
    }

    public Optional<DeviceAccount> account(String deviceId, String did) {
        return store.get(Table.OAUTH, key(ACCOUNT + deviceId + "\0" + did)).map(b -> decode(did, XrpcJson.parse(b)));
    }

    /** Records a sign-in (keeping what the account approved before on this browser). */
    public void signedIn(String deviceId, String did, Instant now) {
        Map<String, String> approved = account(deviceId, did).map(DeviceAccount::approvedScopes).orElse(Map.of());
        put(deviceId, new DeviceAccount(did, now, approved));
    }

    public void approved(String deviceId, String did, String clientId, String scope) {
        account(deviceId, did).ifPresent(a -> {
            Map<String, String> approved = new LinkedHashMap<>(a.approvedScopes());
            approved.put(clientId, scope);
            put(deviceId, new DeviceAccount(did, a.authenticatedAt(), approved));
        });
    }

    public void signOut(String deviceId, String did) {
        write(TableWrites.create().delete(Table.OAUTH, key(ACCOUNT + deviceId + "\0" + did)));
    }

    /**
     * Deletes browsers whose cookie has run out ({@link BrowserSession#COOKIE_LIFETIME} after it
     * was set), with their accounts, and browsers nobody signed in on for a day: a browser is
     * stored on its first visit to the authorization page, before anyone signs in.
     *
     * @return how many keys were deleted
     */
    public int sweep(Instant now) {
        Instant cookieGone = now.minus(BrowserSession.COOKIE_LIFETIME);
        Instant unused = now.minus(UNUSED_DEVICE_LIFETIME);
        return StateSweep.prefix(store, DEVICE, (v, w) -> {
            Instant created = Instant.parse(XrpcJson.parse(v.value()).get("createdAt").asText());
            if (created.isBefore(cookieGone)) {
                w.delete(Table.OAUTH, key(DEVICE + v.id())).deletePrefix(Table.OAUTH, key(ACCOUNT + v.id() + "\0"));
            } else if (created.isBefore(unused) && accounts(v.id()).isEmpty()) {
                w.delete(Table.OAUTH, key(DEVICE + v.id()));
            }
        });
    }

    private void put(String deviceId, DeviceAccount a) {
        ObjectNode o = XrpcJson.object();
        o.put("authenticatedAt", a.authenticatedAt().toString());
        ObjectNode clients = o.putObject("clients");
        a.approvedScopes().forEach(clients::put);
        write(TableWrites.create().put(Table.OAUTH, key(ACCOUNT + deviceId + "\0" + a.did()), XrpcJson.write(o)));
    }

    private static DeviceAccount decode(String did, JsonNode o) {
        Map<String, String> clients = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("clients").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            clients.put(e.getKey(), e.getValue().asText());
        }
        return new DeviceAccount(did, Instant.parse(o.get("authenticatedAt").asText()), clients);
    }

    private void write(TableWrites w) {
        store.writeTables(w, List.of()).join();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
