package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference's read-after-write for {@code app.bsky.feed.getPostThread}: the caller's new
 * replies go into the thread under their parents; and a thread the app view does not know yet
 * (NotFound), rooted at the caller's own new post, is built here, with the parents above it
 * from the app view.
 */
final class ThreadMunges {
    static final String THREAD_VIEW_POST = "app.bsky.feed.defs#threadViewPost";

    private ThreadMunges() {
    }

    /** The app view's thread with the caller's new replies in it. */
    static Optional<JsonNode> thread(JsonNode original, LocalWrites local, LocalViewer viewer) {
        JsonNode thread = original.get("thread");
        if (thread == null || !thread.isObject()) {
            return Optional.empty();
        }
        if (!isThreadViewPost(thread)) {
            return Optional.of(original);
        }
        addPosts((ObjectNode) thread, local.posts(), viewer);
        return Optional.of(original);
    }

    /**
     * The answer for a post of the caller's the app view has not seen: the post, its replies
     * among the other new posts, and its parents as the app view has them; empty when the post
     * is not among the new ones.
     */
    static Optional<JsonNode> notFound(String uri, LocalWrites local, LocalViewer viewer, Optional<String> parentHeight,
            AppViewParents parents) {
        LocalRecord found = null;
        List<LocalRecord> rest = new ArrayList<>();
        for (LocalRecord post : local.posts()) {
            if (post.uri().equals(uri)) {
                found = post;
            } else {
                rest.add(post);
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        ObjectNode thread = addPosts(threadView(found, viewer), rest, viewer);
        String parent = found.value().path("reply").path("parent").path("uri").asText(null);
        if (parent != null) {
            parents.thread(parent, parentHeight).ifPresent(p -> thread.set("parent", p));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("thread", thread);
        return Optional.of(out);
    }

    /** The app view's {@code thread} for a post with no replies (depth 0), as far up as asked. */
    interface AppViewParents {
        Optional<JsonNode> thread(String uri, Optional<String> parentHeight);

        static AppViewParents of(AppViewReads reads, dev.pds.server.account.Account account) {
            return (uri, height) -> {
                Map<String, String> params = height.isPresent() ? Map.of("uri", uri, "depth", "0", "parentHeight", height.get())
                        : Map.of("uri", uri, "depth", "0");
                return reads.query(account, "app.bsky.feed.getPostThread", params)
                        .map(r -> r.get("thread")).filter(JsonNode::isObject);
            };
        }
    }

    private static ObjectNode addPosts(ObjectNode thread, List<LocalRecord> posts, LocalViewer viewer) {
        String root = thread.path("post").path("uri").asText();
        String rootOfRoot = thread.path("post").path("record").path("reply").path("root").path("uri").asText(null);
        for (LocalRecord post : posts) {
            String postRoot = post.value().path("reply").path("root").path("uri").asText(null);
            if (postRoot != null && (postRoot.equals(root) || postRoot.equals(rootOfRoot))) {
                insertReply(thread, post, viewer);
            }
        }
        return thread;
    }

    /** Puts {@code post} first among the replies of its parent, wherever that is below {@code view}, unless it is there. */
    private static void insertReply(ObjectNode view, LocalRecord post, LocalViewer viewer) {
        String parent = post.value().path("reply").path("parent").path("uri").asText(null);
        if (view.path("post").path("uri").asText().equals(parent)) {
            ArrayNode replies = view.arrayNode();
            if (view.get("replies") instanceof ArrayNode old) {
                for (JsonNode reply : old) {
                    if (reply.path("post").path("uri").asText().equals(post.uri())) {
                        return; // the app view has it already
                    }
                }
                replies.add(threadView(post, viewer));
                replies.addAll(old);
            } else {
                replies.add(threadView(post, viewer));
            }
            view.set("replies", replies);
            return;
        }
        if (view.get("replies") instanceof ArrayNode replies) {
            for (JsonNode reply : replies) {
                if (isThreadViewPost(reply)) {
                    insertReply((ObjectNode) reply, post, viewer);
                }
            }
        }
    }

    private static ObjectNode threadView(LocalRecord post, LocalViewer viewer) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("$type", THREAD_VIEW_POST);
        view.set("post", viewer.postView(post));
        return view;
    }

    private static boolean isThreadViewPost(JsonNode node) {
        return node.isObject() && THREAD_VIEW_POST.equals(node.path("$type").asText()) && node.path("post").isObject();
    }
}
