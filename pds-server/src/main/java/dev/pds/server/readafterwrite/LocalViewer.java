package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.account.Account;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The app view's shapes for what the app view has not seen yet, built here from the account's
 * own records as the reference's {@code LocalViewer} builds them: a post's view with zero
 * counts, its author's basic profile, its embed's view; and a profile view updated from a newer
 * profile record. Embedded records of others are looked up on the app view.
 */
final class LocalViewer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Account account;
    private final Optional<JsonNode> profile;
    private final ImageUrls images;
    private final AppViewReads appView;

    LocalViewer(Account account, Optional<JsonNode> profile, ImageUrls images, AppViewReads appView) {
        this.account = Objects.requireNonNull(account, "account");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.images = Objects.requireNonNull(images, "images");
        this.appView = Objects.requireNonNull(appView, "appView");
    }

    String did() {
        return account.did().toString();
    }

    /** {@code app.bsky.actor.defs#profileViewBasic} of the account, from its handle and profile record. */
    ObjectNode profileBasic() {
        ObjectNode view = JSON.objectNode();
        view.put("did", did());
        view.put("handle", account.handle() != null ? account.handle() : "handle.invalid");
        profile.ifPresent(p -> {
            text(p, "displayName").ifPresent(v -> view.put("displayName", v));
            ImageUrls.blobCid(p.get("avatar")).ifPresent(cid -> view.put("avatar", image("avatar", cid)));
        });
        return view;
    }

    /** {@code app.bsky.feed.defs#postView} of a local post. */
    ObjectNode postView(LocalRecord post) {
        ObjectNode view = JSON.objectNode();
        view.put("uri", post.uri());
        view.put("cid", post.cid());
        view.set("author", profileBasic());
        view.set("record", post.value().deepCopy());
        embedView(post.value().get("embed")).ifPresent(e -> view.set("embed", e));
        // counts presumed to be zero right after posting
        view.put("replyCount", 0);
        view.put("repostCount", 0);
        view.put("likeCount", 0);
        view.put("quoteCount", 0);
        view.put("indexedAt", post.indexedAtText());
        return view;
    }

    /** A profile view (changed in place) with the fields of {@code profileViewBasic} taken from a newer profile record. */
    ObjectNode updateBasic(JsonNode view, JsonNode record) {
        ObjectNode out = (ObjectNode) view;
        replace(out, "displayName", text(record, "displayName").map(JSON::textNode));
        replace(out, "avatar", ImageUrls.blobCid(record.get("avatar")).map(cid -> JSON.textNode(image("avatar", cid))));
        return out;
    }

    /** As {@link #updateBasic}, for {@code profileView} (the description too). */
    ObjectNode updateView(JsonNode view, JsonNode record) {
        ObjectNode out = updateBasic(view, record);
        replace(out, "description", text(record, "description").map(JSON::textNode));
        return out;
    }

    /** As {@link #updateView}, for {@code profileViewDetailed} (the banner too). */
    ObjectNode updateDetailed(JsonNode view, JsonNode record) {
        ObjectNode out = updateView(view, record);
        replace(out, "banner", ImageUrls.blobCid(record.get("banner")).map(cid -> JSON.textNode(image("banner", cid))));
        return out;
    }

    private static void replace(ObjectNode view, String field, Optional<? extends JsonNode> value) {
        if (value.isPresent()) {
            view.set(field, value.get());
        } else {
            view.remove(field);
        }
    }

    private Optional<ObjectNode> embedView(JsonNode embed) {
        if (embed == null || !embed.isObject()) {
            return Optional.empty();
        }
        return switch (embed.path("$type").asText("")) {
            case "app.bsky.embed.images" -> imagesView(embed);
            case "app.bsky.embed.external" -> externalView(embed);
            case "app.bsky.embed.record" -> Optional.of(recordView(embed));
            case "app.bsky.embed.recordWithMedia" -> recordWithMediaView(embed);
            default -> Optional.empty();
        };
    }

    private Optional<ObjectNode> imagesView(JsonNode embed) {
        ObjectNode view = typed("app.bsky.embed.images#view");
        ArrayNode out = view.putArray("images");
        for (JsonNode img : embed.path("images")) {
            Optional<String> cid = ImageUrls.blobCid(img.get("image"));
            if (cid.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode image = out.addObject();
            image.put("thumb", image("feed_thumbnail", cid.get()));
            image.put("fullsize", image("feed_fullsize", cid.get()));
            image.set("alt", img.path("alt").isTextual() ? img.get("alt") : JSON.textNode(""));
            if (img.has("aspectRatio")) {
                image.set("aspectRatio", img.get("aspectRatio"));
            }
        }
        return Optional.of(view);
    }

    private Optional<ObjectNode> externalView(JsonNode embed) {
        JsonNode external = embed.path("external");
        if (!external.isObject()) {
            return Optional.empty();
        }
        ObjectNode view = typed("app.bsky.embed.external#view");
        ObjectNode out = view.putObject("external");
        for (String field : new String[] {"uri", "title", "description"}) {
            out.put(field, external.path(field).asText(""));
        }
        ImageUrls.blobCid(external.get("thumb")).ifPresent(cid -> out.put("thumb", image("feed_thumbnail", cid)));
        return Optional.of(view);
    }

    private ObjectNode recordView(JsonNode embed) {
        String uri = embed.path("record").path("uri").asText("");
        ObjectNode view = typed("app.bsky.embed.record#view");
        view.set("record", embeddedRecord(uri).orElseGet(() -> {
            ObjectNode notFound = typed("app.bsky.embed.record#viewNotFound");
            notFound.put("uri", uri);
            notFound.put("notFound", true);
            return notFound;
        }));
        return view;
    }

    private Optional<ObjectNode> recordWithMediaView(JsonNode embed) {
        JsonNode media = embed.path("media");
        Optional<ObjectNode> mediaView = switch (media.path("$type").asText("")) {
            case "app.bsky.embed.images" -> imagesView(media);
            case "app.bsky.embed.external" -> externalView(media);
            default -> Optional.empty();
        };
        if (mediaView.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode view = typed("app.bsky.embed.recordWithMedia#view");
        view.set("record", recordView(embed.path("record")));
        view.set("media", mediaView.get());
        return Optional.of(view);
    }

    /** The view of an embedded post, feed or list, from the app view; empty when it has none. */
    private Optional<ObjectNode> embeddedRecord(String uri) {
        String[] parts = uri.startsWith("at://") ? uri.substring(5).split("/") : new String[0];
        String collection = parts.length == 3 ? parts[1] : "";
        switch (collection) {
            case "app.bsky.feed.post" -> {
                JsonNode post = appView.query(account, "app.bsky.feed.getPosts", Map.of("uris", uri))
                        .map(r -> r.path("posts").path(0)).orElse(null);
                if (post == null || !post.isObject()) {
                    return Optional.empty();
                }
                ObjectNode view = typed("app.bsky.embed.record#viewRecord");
                view.set("uri", post.get("uri"));
                view.set("cid", post.get("cid"));
                view.set("author", post.get("author"));
                view.set("value", post.get("record"));
                if (post.has("labels")) {
                    view.set("labels", post.get("labels"));
                }
                if (post.has("embed")) {
                    view.putArray("embeds").add(post.get("embed"));
                }
                view.set("indexedAt", post.get("indexedAt"));
                return Optional.of(view);
            }
            case "app.bsky.feed.generator" -> {
                return appView.query(account, "app.bsky.feed.getFeedGenerator", Map.of("feed", uri))
                        .map(r -> r.path("view")).filter(JsonNode::isObject)
                        .map(v -> withType(v, "app.bsky.feed.defs#generatorView"));
            }
            case "app.bsky.graph.list" -> {
                return appView.query(account, "app.bsky.graph.getList", Map.of("list", uri))
                        .map(r -> r.path("list")).filter(JsonNode::isObject)
                        .map(v -> withType(v, "app.bsky.graph.defs#listView"));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private String image(String kind, String cid) {
        return images.url(kind, did(), cid);
    }

    private static ObjectNode typed(String type) {
        ObjectNode node = JSON.objectNode();
        node.put("$type", type);
        return node;
    }

    private static ObjectNode withType(JsonNode view, String type) {
        ObjectNode out = typed(type);
        view.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("$type")) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }
}
