package dev.pds.server.readafterwrite;

import dev.pds.core.store.RecordReads;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.RecordsSince;
import dev.pds.core.store.RevisedRecord;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.core.syntax.Tid;
import dev.pds.server.moderation.Takedowns;
import dev.pds.server.records.RecordJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads what an account wrote after a rev from the store: its profile and its newest posts,
 * as the reference's read-after-write takes them (at most ten). A post taken down is left out.
 */
public final class RecentWrites {
    static final Nsid POST = Nsid.parse("app.bsky.feed.post");
    static final Nsid PROFILE = Nsid.parse("app.bsky.actor.profile");
    static final RecordKey SELF = RecordKey.parse("self");
    /** The reference takes ten records. */
    static final int MAX_POSTS = 10;
    /** Collections looked at for a record as old as the app view's rev, when posts and profile do not show one. */
    static final int MAX_COLLECTIONS_CHECKED = 20;

    private final RepoStore store;
    private final RecordReads records;
    private final Takedowns takedowns;

    public RecentWrites(RepoStore store, Takedowns takedowns) {
        this.store = Objects.requireNonNull(store, "store");
        this.records = store.records();
        this.takedowns = Objects.requireNonNull(takedowns, "takedowns");
    }

    /**
     * The account's writes after {@code rev}; empty when there are none, when {@code rev} is not
     * a TID, or when no record here is as old as {@code rev} (among the posts, the profile and the
     * newest records of up to {@value #MAX_COLLECTIONS_CHECKED} other collections): then the app
     * view's rev comes from another history (an account moved here), and everything would look
     * new, as the reference reasons.
     */
    public Optional<LocalWrites> since(Did did, String rev) {
        if (rev == null || !Tid.isValid(rev)) {
            return Optional.empty();
        }
        // the common case, an app view that has caught up: one lookup of the head says so
        if (store.head(did).map(h -> h.rev().compareTo(rev) <= 0).orElse(true)) {
            return Optional.empty();
        }
        RecordsSince posts = records.recordsSince(did, POST, rev, MAX_POSTS);
        Optional<RevisedRecord> profile = records.getRevisedRecord(did, PROFILE, SELF);
        boolean profileChanged = profile.isPresent() && profile.get().rev().compareTo(rev) > 0;
        if (posts.records().isEmpty() && !profileChanged) {
            return Optional.empty();
        }
        if (!posts.olderSeen() && !(profile.isPresent() && !profileChanged) && !olderRecordIn(did, rev)) {
            return Optional.empty();
        }
        List<LocalRecord> local = new ArrayList<>();
        for (RevisedRecord post : posts.records()) {
            if (takedowns.record(did, POST.toString(), post.record().rkey()).isEmpty()) {
                local.add(0, local(did, post));
            }
        }
        if (local.isEmpty() && !profileChanged) {
            return Optional.empty();
        }
        Optional<LocalRecord> current = profile.map(p -> local(did, p));
        return Optional.of(new LocalWrites(profileChanged ? current : Optional.empty(), local,
                current.map(LocalRecord::value)));
    }

    /** Whether some other collection (follows, likes...) holds a record written at or before {@code rev}. */
    private boolean olderRecordIn(Did did, String rev) {
        for (String collection : records.listCollections(did, MAX_COLLECTIONS_CHECKED)) {
            if (!collection.equals(POST.toString()) && !collection.equals(PROFILE.toString())
                    && records.recordsSince(did, Nsid.parse(collection), rev, MAX_POSTS).olderSeen()) {
                return true;
            }
        }
        return false;
    }

    private static LocalRecord local(Did did, RevisedRecord r) {
        return new LocalRecord(RecordJson.uri(did, r.record().collection(), r.record().rkey()), r.record().cid().toString(),
                Tid.parse(r.rev()).toInstant(), RecordJson.value(r.record().bytes()));
    }
}
