package dev.pds.server.preferences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.xrpc.XrpcJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An account's preferences in the {@link Table#PREFERENCES} table, kept as the JSON objects the
 * client sent, in order.
 *
 * <p>Keys: {@code p\0<did>} -> JSON array of preference objects.
 */
public final class PreferenceStore {
    private static final String BY_DID = "p\0";

    private final RepoStore store;

    public PreferenceStore(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The stored preferences, oldest first; empty when the account has none. */
    public List<ObjectNode> get(Did did) {
        List<ObjectNode> out = new ArrayList<>();
        store.get(Table.PREFERENCES, key(did)).ifPresent(bytes -> {
            for (JsonNode pref : XrpcJson.parse(bytes)) {
                out.add((ObjectNode) pref);
            }
        });
        return out;
    }

    /** The writes that replace every stored preference of the account by {@code prefs}. */
    public TableWrites put(Did did, List<ObjectNode> prefs) {
        if (prefs.isEmpty()) {
            return TableWrites.create().delete(Table.PREFERENCES, key(did));
        }
        ArrayNode array = XrpcJson.mapper().createArrayNode();
        prefs.forEach(array::add);
        return TableWrites.create().put(Table.PREFERENCES, key(did), XrpcJson.write(array));
    }

    /** The writes that forget the account's preferences (account deletion). */
    public TableWrites delete(Did did) {
        return TableWrites.create().delete(Table.PREFERENCES, key(did));
    }

    private static byte[] key(Did did) {
        return (BY_DID + did).getBytes(StandardCharsets.UTF_8);
    }
}
