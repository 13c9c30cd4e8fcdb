package dev.pds.server.oauth;

import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.store.TableWrites;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Walks one key prefix of {@link Table#OAUTH} a page at a time, letting a store decide which
 * entries are dead; each page's deletions are written together before the next page is read,
 * so a sweep never holds more than a page in memory.
 */
public final class StateSweep {
    static final int PAGE = 500;

    private StateSweep() {
    }

    /**
     * @param visitor given each entry (key without the prefix, the entry) and the page's batch,
     *                to which it adds the deletions it wants
     * @return how many deletions were written
     */
    public static int prefix(RepoStore store, String prefix, BiConsumer<Visit, TableWrites> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] after = null;
        int deleted = 0;
        while (true) {
            List<TableEntry> page = store.scan(Table.OAUTH, p, after, PAGE, false);
            TableWrites writes = TableWrites.create();
            for (TableEntry e : page) {
                visitor.accept(new Visit(e.keyString().substring(prefix.length()), e.value()), writes);
            }
            if (!writes.isEmpty()) {
                store.writeTables(writes, List.of()).join();
                deleted += writes.size();
            }
            if (page.size() < PAGE) {
                return deleted;
            }
            TableEntry last = page.get(page.size() - 1);
            after = Arrays.copyOf(last.key(), last.key().length);
        }
    }

    /** One entry under the prefix: the rest of its key, and its value. */
    public record Visit(String id, byte[] value) {
        public String valueString() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }
}
