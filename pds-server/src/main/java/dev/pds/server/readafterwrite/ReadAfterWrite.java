package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.syntax.AtUri;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-after-write, as the reference PDS does it for the app view reads the official app makes
 * right after a write: when the app view answers from a rev of the caller's repo older than
 * ours ({@code atproto-repo-rev}), the caller's newer posts and profile are put into its answer,
 * so that a post shows in the caller's timeline, own feed and thread at once. The answer then
 * carries {@code atproto-upstream-lag}, how far behind the app view is.
 */
public final class ReadAfterWrite {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAfterWrite.class);
    public static final String GET_POST_THREAD = "app.bsky.feed.getPostThread";
    private static final List<String> METHODS = List.of("app.bsky.feed.getTimeline", "app.bsky.feed.getAuthorFeed",
            "app.bsky.feed.getActorLikes", GET_POST_THREAD, "app.bsky.actor.getProfile", "app.bsky.actor.getProfiles");

    private final RecentWrites recent;
    private final AccountStore accounts;
    private final ImageUrls images;
    private final Clock clock;

    public ReadAfterWrite(RecentWrites recent, AccountStore accounts, ImageUrls images, Clock clock) {
        this.recent = Objects.requireNonNull(recent, "recent");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.images = Objects.requireNonNull(images, "images");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether answers to {@code nsid} may be changed. */
    public static boolean applies(String nsid) {
        return METHODS.contains(nsid);
    }

    /** The caller's writes the app view has not seen, when there are any. */
    public Optional<LocalWrites> unseen(Account account, String upstreamRev) {
        return recent.since(account.did(), upstreamRev);
    }

    /**
     * The app view's answer with the caller's unseen writes in it; empty when it is not in a
     * shape this knows, so that it goes out unchanged.
     *
     * @param query the call's parameters (a later page of a feed gets no new posts)
     */
    public Optional<Munged> munge(String nsid, Map<String, List<String>> query, JsonNode answer, Account account,
            LocalWrites local, AppViewReads appView) {
        LocalViewer viewer = new LocalViewer(account, local.currentProfile(), images, appView);
        boolean laterPage = query.containsKey("cursor");
        LocalWrites forPage = laterPage ? new LocalWrites(local.profile(), List.of(), local.currentProfile()) : local;
        try {
            Optional<JsonNode> body = switch (nsid) {
                case "app.bsky.feed.getTimeline" -> FeedMunges.timeline(answer, forPage, viewer);
                case "app.bsky.feed.getAuthorFeed" -> FeedMunges.authorFeed(answer, forPage, viewer);
                case "app.bsky.feed.getActorLikes" -> FeedMunges.actorLikes(answer, local, viewer);
                case GET_POST_THREAD -> ThreadMunges.thread(answer, local, viewer);
                case "app.bsky.actor.getProfile" -> FeedMunges.profile(answer, local, viewer);
                case "app.bsky.actor.getProfiles" -> FeedMunges.profiles(answer, local, viewer);
                default -> Optional.empty();
            };
            return body.map(b -> new Munged(b, local.lagMillis(clock.instant())));
        } catch (RuntimeException e) {
            // the app view's answer goes out as it came rather than fail the read
            LOG.warn("Read-after-write of {} for {} failed: {}", nsid, account.did(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The thread of a post of the caller's that the app view answered NotFound for, built from
     * the caller's unseen posts; empty when {@code uri} is not such a post.
     */
    public Optional<Munged> threadNotFound(Map<String, List<String>> query, Account account, String upstreamRev,
            AppViewReads appView) {
        String uri = first(query, "uri");
        if (uri == null || !AtUri.isValid(uri)) {
            return Optional.empty();
        }
        AtUri at = AtUri.parse(uri);
        if (!at.isRecord()) {
            return Optional.empty();
        }
        String authority = at.authority().toString();
        if (!authority.startsWith("did:")) {
            Optional<Account> byHandle = accounts.byHandle(authority);
            if (byHandle.isEmpty()) {
                return Optional.empty();
            }
            authority = byHandle.get().did().toString();
        }
        if (!authority.equals(account.did().toString())) {
            return Optional.empty();
        }
        String resolved = "at://" + authority + "/" + at.collection().orElseThrow() + "/" + at.rkey().orElseThrow();
        try {
            Optional<LocalWrites> local = unseen(account, upstreamRev);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            LocalViewer viewer = new LocalViewer(account, local.get().currentProfile(), images, appView);
            return ThreadMunges.notFound(resolved, local.get(), viewer, Optional.ofNullable(first(query, "parentHeight")),
                    ThreadMunges.AppViewParents.of(appView, account)).map(b -> new Munged(b, local.get().lagMillis(clock.instant())));
        } catch (RuntimeException e) {
            // the app view's NotFound goes out instead
            LOG.warn("Read-after-write of a missing thread for {} failed: {}", account.did(), e.toString());
            return Optional.empty();
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
