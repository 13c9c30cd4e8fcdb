package dev.pds.server.blob;

import dev.pds.core.store.RepoStore;
import dev.pds.core.store.Table;
import dev.pds.core.store.TableEntry;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pages over the blobs an account's records reference, in CID order (the {@code r/} keys),
 * as the reference PDS lists them: every referenced blob for listBlobs, the never-uploaded ones
 * for listMissingBlobs. The cursor is the last CID of the previous page.
 */
public final class BlobLists {
    private static final int SCAN_PAGE = 1000;

    /** One page of listBlobs; {@code cursor} is null when this page is empty. */
    public record Page(List<String> cids, String cursor) {
        public Page {
            cids = List.copyOf(cids);
        }
    }

    /** A referenced blob that was never uploaded, with one record that references it. */
    public record Missing(String cid, String recordUri) {
    }

    /** One page of listMissingBlobs; {@code cursor} is null when this page is empty. */
    public record MissingPage(List<Missing> blobs, String cursor) {
        public MissingPage {
            blobs = List.copyOf(blobs);
        }
    }

    private final RepoStore store;

    BlobLists(RepoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Up to {@code limit} CIDs of blobs referenced by the account's records, after {@code cursor};
     * with {@code since} (a rev), only blobs referenced by records written in a later commit.
     */
    Page listBlobs(Did did, String since, String cursor, int limit) {
        List<String> out = new ArrayList<>();
        forEachBlob(did, cursor, (cid, refs) -> {
            if (since == null || refs.stream().anyMatch(ref -> ref.rev.compareTo(since) > 0)) {
                out.add(cid);
            }
            return out.size() < limit;
        });
        return new Page(out, out.isEmpty() ? null : out.get(out.size() - 1));
    }

    /** Up to {@code limit} blobs referenced by the account's records but never uploaded, after {@code cursor}. */
    MissingPage listMissing(Did did, String cursor, int limit) {
        List<Missing> out = new ArrayList<>();
        forEachBlob(did, cursor, (cid, refs) -> {
            if (store.get(Table.BLOBS, BlobKeys.bytes(BlobKeys.META + did + "/" + cid)).isEmpty()) {
                out.add(new Missing(cid, "at://" + did + "/" + refs.get(0).path));
            }
            return out.size() < limit;
        });
        return new MissingPage(out, out.isEmpty() ? null : out.get(out.size() - 1).cid());
    }

    /** How many distinct blobs the account's records reference, and how many of those are stored here. */
    public record Counts(long expected, long imported) {
    }

    Counts count(Did did) {
        long[] n = {0, 0};
        forEachBlob(did, null, (cid, refs) -> {
            n[0]++;
            if (store.get(Table.BLOBS, BlobKeys.bytes(BlobKeys.META + did + "/" + cid)).isPresent()) {
                n[1]++;
            }
            return true;
        });
        return new Counts(n[0], n[1]);
    }

    private record Ref(String path, String rev) {
    }

    private interface BlobVisitor {
        /** @return whether to go on */
        boolean visit(String cid, List<Ref> refs);
    }

    /** Each referenced blob after {@code cursor} with all its references, in CID order. */
    private void forEachBlob(Did did, String cursor, BlobVisitor visitor) {
        byte[] prefix = BlobKeys.refsOf(did);
        // past every key of the cursor's blob: its keys continue with "/" and a path, all below 0xff
        byte[] after = cursor == null ? null : append(BlobKeys.bytes(BlobKeys.REF + did + "/" + cursor + "/"), (byte) 0xff);
        String current = null;
        List<Ref> refs = new ArrayList<>();
        List<TableEntry> page;
        do {
            page = store.scan(Table.BLOBS, prefix, after, SCAN_PAGE, false);
            for (TableEntry entry : page) {
                String[] parts = BlobKeys.parts(entry.key(), 3);
                String cid = parts[1];
                if (!cid.equals(current)) {
                    if (current != null && !visitor.visit(current, refs)) {
                        return;
                    }
                    current = cid;
                    refs = new ArrayList<>();
                }
                refs.add(new Ref(parts[2], new String(entry.value(), StandardCharsets.UTF_8)));
                after = entry.key();
            }
        } while (page.size() == SCAN_PAGE);
        if (current != null) {
            visitor.visit(current, refs);
        }
    }

    private static byte[] append(byte[] bytes, byte last) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = last;
        return out;
    }
}
