package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference's read-after-write for feeds and profiles: the caller's new posts go into their
 * timeline and their own author feed, and a profile changed since shows in their profile views
 * and on their own posts. Each takes the app view's answer, parsed for this call alone and so
 * changed in place (a copy would double the heap a large feed takes), and gives the answer to
 * send, or empty when the answer is not in a shape it knows (then it goes out as the app view
 * gave it: a shape check comes before any change).
 */
final class FeedMunges {
    private FeedMunges() {
    }

    /** {@code app.bsky.feed.getTimeline}. */
    static Optional<JsonNode> timeline(JsonNode original, LocalWrites local, LocalViewer viewer) {
        if (!(original.get("feed") instanceof ArrayNode feed) || !allPosts(feed)) {
            return Optional.empty();
        }
        insertPosts(feed, local.posts(), viewer);
        return Optional.of(original);
    }

    /** {@code app.bsky.feed.getAuthorFeed}: only the caller's own feed changes. */
    static Optional<JsonNode> authorFeed(JsonNode original, LocalWrites local, LocalViewer viewer) {
        if (!(original.get("feed") instanceof ArrayNode feed) || !allPosts(feed)) {
            return Optional.empty();
        }
        if (!ownFeed(feed, viewer.did())) {
            return Optional.of(original);
        }
        updateOwnAuthors(feed, local, viewer);
        insertPosts(feed, local.posts(), viewer);
        return Optional.of(original);
    }

    /** {@code app.bsky.feed.getActorLikes}: the caller's own posts among them show the newer profile. */
    static Optional<JsonNode> actorLikes(JsonNode original, LocalWrites local, LocalViewer viewer) {
        if (!(original.get("feed") instanceof ArrayNode feed) || !allPosts(feed)) {
            return Optional.empty();
        }
        updateOwnAuthors(feed, local, viewer);
        return Optional.of(original);
    }

    /** {@code app.bsky.actor.getProfile}. */
    static Optional<JsonNode> profile(JsonNode original, LocalWrites local, LocalViewer viewer) {
        if (!original.isObject() || !original.path("did").isTextual()) {
            return Optional.empty();
        }
        if (local.profile().isEmpty() || !original.path("did").asText().equals(viewer.did())) {
            return Optional.of(original);
        }
        return Optional.of(viewer.updateDetailed(original, local.profile().get().value()));
    }

    /** {@code app.bsky.actor.getProfiles}. */
    static Optional<JsonNode> profiles(JsonNode original, LocalWrites local, LocalViewer viewer) {
        if (!(original.get("profiles") instanceof ArrayNode profiles)) {
            return Optional.empty();
        }
        if (local.profile().isEmpty()) {
            return Optional.of(original);
        }
        for (JsonNode p : profiles) {
            if (!p.isObject()) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).path("did").asText("").equals(viewer.did())) {
                profiles.set(i, viewer.updateDetailed(profiles.get(i), local.profile().get().value()));
            }
        }
        return Optional.of(original);
    }

    /** Whether every item of a feed has a post with an author and an {@code indexedAt}. */
    private static boolean allPosts(ArrayNode feed) {
        for (JsonNode item : feed) {
            JsonNode post = item.path("post");
            if (!post.path("author").path("did").isTextual() || !post.path("indexedAt").isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** A feed is the caller's when its first item is their post, or their repost. */
    private static boolean ownFeed(ArrayNode feed, String did) {
        if (feed.isEmpty()) {
            return false;
        }
        JsonNode first = feed.get(0);
        JsonNode reason = first.get("reason");
        if (reason == null || reason.isNull()) {
            return first.path("post").path("author").path("did").asText("").equals(did);
        }
        return "app.bsky.feed.defs#reasonRepost".equals(reason.path("$type").asText())
                && reason.path("by").path("did").asText("").equals(did);
    }

    private static void updateOwnAuthors(ArrayNode feed, LocalWrites local, LocalViewer viewer) {
        if (local.profile().isEmpty()) {
            return;
        }
        for (JsonNode item : feed) {
            ObjectNode post = (ObjectNode) item.get("post");
            if (post.path("author").path("did").asText().equals(viewer.did())) {
                post.set("author", viewer.updateBasic(post.get("author"), local.profile().get().value()));
            }
        }
    }

    /**
     * The reference's {@code formatAndInsertPostsInFeed}: the posts newer than the feed's last
     * item go in, newest first, each before the first item indexed before it (and none already
     * there).
     */
    static ArrayNode insertPosts(ArrayNode feed, List<LocalRecord> posts, LocalViewer viewer) {
        String lastTime = feed.isEmpty() ? "1970-01-01T00:00:00.000Z" : feed.get(feed.size() - 1).path("post").path("indexedAt").asText();
        List<LocalRecord> newestFirst = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        feed.forEach(item -> present.add(item.path("post").path("uri").asText()));
        for (LocalRecord post : posts) {
            // a post the app view has caught up with is not shown twice
            if (post.indexedAtText().compareTo(lastTime) > 0 && !present.contains(post.uri())) {
                newestFirst.add(0, post);
            }
        }
        for (LocalRecord post : newestFirst) {
            ObjectNode item = feed.objectNode();
            item.set("post", viewer.postView(post));
            int at = feed.size();
            for (int i = 0; i < feed.size(); i++) {
                if (feed.get(i).path("post").path("indexedAt").asText().compareTo(post.indexedAtText()) < 0) {
                    at = i;
                    break;
                }
            }
            feed.insert(at, item);
        }
        return feed;
    }
}
