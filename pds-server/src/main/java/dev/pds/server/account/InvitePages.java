package dev.pds.server.account;

import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every invite code on the server, a page at a time, for the operator (admin.getInviteCodes):
 * the most recent first, or the most used first, then by code, descending, as the reference
 * orders them. The cursor is the last code's sort value and code ({@code <value>::<code>}).
 * Codes are sorted in memory from one scan, so at most {@link #MAX_SCANNED} are considered.
 */
public final class InvitePages {
    static final int MAX_SCANNED = 100_000;

    private final RepoStore store;
    private final InviteStore invites;

    public InvitePages(RepoStore store, InviteStore invites) {
        this.store = Objects.requireNonNull(store, "store");
        this.invites = Objects.requireNonNull(invites, "invites");
    }

    /** One page of codes, with the cursor of the next when this one is full. */
    public record Page(List<InviteStore.InviteCode> codes, Optional<String> cursor) {
        public Page {
            codes = List.copyOf(codes);
        }
    }

    private record Entry(String code, long value) {
    }

    /**
     * @param byUsage most used first; otherwise most recent first
     * @throws XrpcException InvalidRequest for a cursor this did not give
     */
    public Page page(boolean byUsage, int limit, String cursor) {
        Optional<Entry> after = Optional.ofNullable(cursor).map(InvitePages::parseCursor);
        Map<String, Integer> uses = byUsage ? useCounts() : Map.of();
        List<Entry> all = new ArrayList<>();
        byte[] prefix = InviteStore.key(InviteStore.CODE);
        for (TableEntry e : store.scan(Table.ACCOUNTS, prefix, null, MAX_SCANNED, false)) {
            String code = e.keyString().substring(prefix.length);
            long value = byUsage ? uses.getOrDefault(code, 0)
                    : Instant.parse(XrpcJson.parse(e.value()).path("createdAt").asText()).toEpochMilli();
            all.add(new Entry(code, value));
        }
        Comparator<Entry> newestFirst = Comparator.comparingLong(Entry::value).thenComparing(Entry::code).reversed();
        all.sort(newestFirst);
        List<InviteStore.InviteCode> page = new ArrayList<>(limit);
        Entry last = null;
        for (Entry e : all) {
            if (after.isPresent() && newestFirst.compare(e, after.get()) <= 0) {
                continue;
            }
            invites.get(e.code()).ifPresent(page::add);
            last = e;
            if (page.size() == limit) {
                break;
            }
        }
        Entry end = last;
        return new Page(page, page.size() == limit ? Optional.of(end.value() + "::" + end.code()) : Optional.empty());
    }

    private Map<String, Integer> useCounts() {
        Map<String, Integer> counts = new HashMap<>();
        byte[] prefix = InviteStore.key(InviteStore.USE);
        for (TableEntry e : store.scan(Table.ACCOUNTS, prefix, null, MAX_SCANNED, false)) {
            String rest = e.keyString().substring(prefix.length);
            counts.merge(rest.substring(0, rest.indexOf('\0')), 1, Integer::sum);
        }
        return counts;
    }

    private static Entry parseCursor(String cursor) {
        int split = cursor.indexOf("::");
        try {
            if (split > 0) {
                return new Entry(cursor.substring(split + 2), Long.parseLong(cursor.substring(0, split)));
            }
        } catch (NumberFormatException e) {
            // the answer below
        }
        throw XrpcException.invalidRequest("Malformed cursor");
    }
}
