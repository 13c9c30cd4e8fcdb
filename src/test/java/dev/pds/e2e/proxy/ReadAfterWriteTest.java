package dev.pds.e2e.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pds.e2e.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-after-write against a stand-in app view that answers from an older rev of the caller's
 * repo: the caller's newer posts and profile are put into its timeline, own feed, threads and
 * profile views, as the reference PDS does; answers from a current rev, other people's feeds,
 * later pages and answers of a shape we do not know go out unchanged. Also getFeed's service
 * JWT, made out to the feed generator.
 */
class ReadAfterWriteTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APPVIEW_DID = "did:web:appview.test";
    static final String BOB = "did:plc:bobbobbobbobbobbobbobbob";
    static final String OLD_TIME = "2020-01-01T00:00:00.000Z";

    @TempDir
    static Path data;
    static TestServer pds;
    static HttpServer appView;
    static TestServer.Session alice;
    /** What the stand-in answers, by method: status, body, repo rev header (null for none). */
    static final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    static final List<String[]> calls = new CopyOnWriteArrayList<>();

    static String revBefore;
    static String firstPostUri;
    static String firstPostCid;
    static final List<String> newPosts = new ArrayList<>();
    static String imageCid;

    @BeforeAll
    static void start() throws Exception {
        appView = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        appView.createContext("/", ReadAfterWriteTest::answer);
        appView.start();
        int port = appView.getAddress().getPort();
        pds = TestServer.start(data, Map.of("PDS_DEV_MODE", "true", "PDS_INVITE_REQUIRED", "false",
                "PDS_BSKY_APP_VIEW_URL", "http://127.0.0.1:" + port, "PDS_BSKY_APP_VIEW_DID", APPVIEW_DID,
                "PDS_BSKY_APP_VIEW_CDN_URL_PATTERN", "https://cdn.test/img/%s/plain/%s/%s@jpeg"), List.of(), List.of());
        alice = pds.createAccount("alice");

        // what the app view has seen: a profile and one post
        write("app.bsky.actor.profile", "self", "{\"$type\":\"app.bsky.actor.profile\",\"displayName\":\"Alice\"}", "putRecord");
        JsonNode first = write("app.bsky.feed.post", null, post("first post", ""), "createRecord");
        firstPostUri = first.get("uri").asText();
        firstPostCid = first.get("cid").asText();
        revBefore = first.get("commit").get("rev").asText();

        // what it has not: an image post, a reply to the first, a quote of Bob's post, a new profile
        HttpResponse<String> blob = pds.http.send(pds.request("/xrpc/com.atproto.repo.uploadBlob")
                .header("authorization", "Bearer " + alice.accessJwt()).header("content-type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, blob.statusCode(), blob.body());
        JsonNode blobRef = JSON.readTree(blob.body()).get("blob");
        imageCid = blobRef.get("ref").get("$link").asText();
        newPosts.add(write("app.bsky.feed.post", null, post("with a picture", ",\"embed\":{\"$type\":\"app.bsky.embed.images\","
                + "\"images\":[{\"alt\":\"a square\",\"image\":" + blobRef + ",\"aspectRatio\":{\"width\":1,\"height\":1}}]}"),
                "createRecord").get("uri").asText());
        newPosts.add(write("app.bsky.feed.post", null, post("a reply", ",\"reply\":{\"root\":{\"uri\":\"" + firstPostUri
                + "\",\"cid\":\"" + firstPostCid + "\"},\"parent\":{\"uri\":\"" + firstPostUri + "\",\"cid\":\"" + firstPostCid + "\"}}"),
                "createRecord").get("uri").asText());
        newPosts.add(write("app.bsky.feed.post", null, post("a quote", ",\"embed\":{\"$type\":\"app.bsky.embed.record\","
                + "\"record\":{\"uri\":\"at://" + BOB + "/app.bsky.feed.post/3kbobpost2222\",\"cid\":\"" + firstPostCid + "\"}}"),
                "createRecord").get("uri").asText());
        write("app.bsky.actor.profile", "self", "{\"$type\":\"app.bsky.actor.profile\",\"displayName\":\"Alice Again\","
                + "\"avatar\":" + blobRef + "}", "putRecord");
    }

    @AfterAll
    static void stop() {
        pds.close();
        appView.stop(0);
    }

    @BeforeEach
    void clear() {
        answers.clear();
        calls.clear();
        answers.put("app.bsky.feed.getPosts", new Object[] {200, "{\"posts\":[" + bobsPost("3kbobpost2222", "Bob's post", OLD_TIME) + "]}", null});
    }

    static byte[] png() {
        byte[] b = new byte[64];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static String post(String text, String more) {
        return "{\"$type\":\"app.bsky.feed.post\",\"text\":\"" + text + "\",\"createdAt\":\"2024-05-01T00:00:00.000Z\"" + more + "}";
    }

    static JsonNode write(String collection, String rkey, String record, String method) throws Exception {
        String body = "{\"repo\":\"" + alice.did() + "\",\"collection\":\"" + collection + "\","
                + (rkey != null ? "\"rkey\":\"" + rkey + "\"," : "") + "\"record\":" + record + "}";
        HttpResponse<String> r = pds.postJson("/xrpc/com.atproto.repo." + method, body, alice.accessJwt());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String bobsPost(String rkey, String text, String indexedAt) {
        return "{\"uri\":\"at://" + BOB + "/app.bsky.feed.post/" + rkey + "\",\"cid\":\"" + firstPostCid + "\","
                + "\"author\":{\"did\":\"" + BOB + "\",\"handle\":\"bob.test\"},\"record\":{\"$type\":\"app.bsky.feed.post\","
                + "\"text\":\"" + text + "\",\"createdAt\":\"" + indexedAt + "\"},\"indexedAt\":\"" + indexedAt + "\"}";
    }

    static String alicesOldPost() {
        return "{\"uri\":\"" + firstPostUri + "\",\"cid\":\"" + firstPostCid + "\",\"author\":{\"did\":\"" + alice.did()
                + "\",\"handle\":\"" + alice.handle() + "\",\"displayName\":\"Alice\",\"description\":\"old words\"},"
                + "\"record\":" + post("first post", "") + ",\"indexedAt\":\"" + OLD_TIME + "\"}";
    }

    private static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String nsid = path.substring(path.lastIndexOf('/') + 1);
        calls.add(new String[] {nsid, URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()), StandardCharsets.UTF_8),
                ex.getRequestHeaders().getFirst("authorization")});
        Object[] a = String.valueOf(ex.getRequestURI().getRawQuery()).contains("depth=0") && answers.containsKey(nsid + " depth=0")
                ? answers.get(nsid + " depth=0")
                : answers.getOrDefault(nsid, new Object[] {404, "{\"error\":\"MethodNotImplemented\"}", null});
        byte[] bytes = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
        if (a[2] != null) {
            ex.getResponseHeaders().set("atproto-repo-rev", (String) a[2]);
        }
        ex.sendResponseHeaders((Integer) a[0], bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return pds.get(pathAndQuery, alice.accessJwt());
    }

    private static JsonNode claims(String authorization) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]));
    }

    private static List<String> uris(JsonNode feed) {
        List<String> out = new ArrayList<>();
        feed.forEach(item -> out.add(item.get("post").get("uri").asText()));
        return out;
    }

    @Test
    void newPostsGoIntoTheTimelineNewestFirstWithTheirViews() throws Exception {
        answers.put("app.bsky.feed.getTimeline", new Object[] {200, "{\"cursor\":\"c1\",\"feed\":[{\"post\":"
                + bobsPost("3kbobpost3333", "older", OLD_TIME) + "}]}", revBefore});
        HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline?limit=30");
        assertEquals(200, r.statusCode(), r.body());
        long lag = Long.parseLong(r.headers().firstValue("atproto-upstream-lag").orElseThrow());
        assertTrue(lag >= 0 && lag < 120_000, "the age of the oldest unseen write: " + lag);
        JsonNode body = JSON.readTree(r.body());
        assertEquals("c1", body.get("cursor").asText(), "the rest of the answer is kept");
        List<String> expected = new ArrayList<>(newPosts);
        java.util.Collections.reverse(expected);
        expected.add("at://" + BOB + "/app.bsky.feed.post/3kbobpost3333");
        assertEquals(expected, uris(body.get("feed")));

        JsonNode quote = body.get("feed").get(0).get("post");
        assertEquals(alice.did(), quote.get("author").get("did").asText());
        assertEquals(alice.handle(), quote.get("author").get("handle").asText());
        assertEquals("Alice Again", quote.get("author").get("displayName").asText(), "the profile as it is now");
        assertEquals("https://cdn.test/img/avatar/plain/" + alice.did() + "/" + imageCid + "@jpeg",
                quote.get("author").get("avatar").asText());
        for (String count : List.of("likeCount", "replyCount", "repostCount", "quoteCount")) {
            assertEquals(0, quote.get(count).asInt(), count);
        }
        assertEquals("a quote", quote.get("record").get("text").asText());
        assertTrue(quote.get("indexedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), quote.toString());
        JsonNode embedded = quote.get("embed").get("record");
        assertEquals("app.bsky.embed.record#view", quote.get("embed").get("$type").asText());
        assertEquals("app.bsky.embed.record#viewRecord", embedded.get("$type").asText());
        assertEquals("Bob's post", embedded.get("value").get("text").asText());
        assertEquals("bob.test", embedded.get("author").get("handle").asText());
        // Bob's post was looked up on the app view for Alice, with a token for getPosts
        String[] getPosts = calls.stream().filter(c -> c[0].equals("app.bsky.feed.getPosts")).findFirst().orElseThrow();
        assertEquals("uris=at://" + BOB + "/app.bsky.feed.post/3kbobpost2222", getPosts[1]);
        assertEquals(alice.did(), claims(getPosts[2]).get("iss").asText());
        assertEquals(APPVIEW_DID, claims(getPosts[2]).get("aud").asText());
        assertEquals("app.bsky.feed.getPosts", claims(getPosts[2]).get("lxm").asText());

        JsonNode images = body.get("feed").get(2).get("post").get("embed");
        assertEquals("app.bsky.embed.images#view", images.get("$type").asText());
        JsonNode image = images.get("images").get(0);
        assertEquals("https://cdn.test/img/feed_thumbnail/plain/" + alice.did() + "/" + imageCid + "@jpeg", image.get("thumb").asText());
        assertEquals("https://cdn.test/img/feed_fullsize/plain/" + alice.did() + "/" + imageCid + "@jpeg", image.get("fullsize").asText());
        assertEquals("a square", image.get("alt").asText());
        assertEquals(1, image.get("aspectRatio").get("width").asInt());
    }

    @Test
    void anEmbeddedPostTheAppViewDoesNotHaveIsNotFound() throws Exception {
        answers.put("app.bsky.feed.getPosts", new Object[] {200, "{\"posts\":[]}", null});
        answers.put("app.bsky.feed.getTimeline", new Object[] {200, "{\"feed\":[]}", revBefore});
        JsonNode feed = JSON.readTree(get("/xrpc/app.bsky.feed.getTimeline").body()).get("feed");
        assertEquals(3, feed.size());
        JsonNode record = feed.get(0).get("post").get("embed").get("record");
        assertEquals("app.bsky.embed.record#viewNotFound", record.get("$type").asText());
        assertTrue(record.get("notFound").asBoolean());
        assertEquals("at://" + BOB + "/app.bsky.feed.post/3kbobpost2222", record.get("uri").asText());
    }

    @Test
    void anAnswerFromTheCurrentRevALaterPageOrAnotherHistoryGoesOutUnchanged() throws Exception {
        String head = JSON.readTree(pds.get("/xrpc/com.atproto.sync.getLatestCommit?did=" + alice.did()).body()).get("rev").asText();
        String timeline = "{\"feed\":[{\"post\":" + bobsPost("3kbobpost3333", "older", OLD_TIME) + "}]}";
        for (String[] c : List.of(new String[] {head, ""}, new String[] {revBefore, "?cursor=c1"},
                new String[] {"2222222222222", ""}, new String[] {"not-a-tid", ""})) {
            answers.put("app.bsky.feed.getTimeline", new Object[] {200, timeline, c[0]});
            HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline" + c[1]);
            assertEquals(200, r.statusCode());
            assertEquals(timeline, r.body(), c[0] + c[1]);
            assertEquals(c[0], r.headers().firstValue("atproto-repo-rev").orElse(null));
        }
        // an answer of a shape read-after-write does not know is sent as it came
        for (String odd : List.of("{\"feed\":\"not a list\"}", "{\"feed\":[{\"post\":{\"uri\":\"x\"}}]}", "[1,2]")) {
            answers.put("app.bsky.feed.getTimeline", new Object[] {200, odd, revBefore});
            HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline");
            assertEquals(200, r.statusCode());
            assertEquals(odd, r.body());
        }
    }

    @Test
    void anAnswerTooLargeToHoldGoesThroughUnchanged() throws Exception {
        StringBuilder feed = new StringBuilder("{\"feed\":[");
        String item = "{\"post\":" + bobsPost("3kbobpost3333", "x".repeat(2000), OLD_TIME) + "}";
        for (int i = 0; i < 1100; i++) {
            feed.append(i > 0 ? "," : "").append(item);
        }
        String big = feed.append("]}").toString();
        assertTrue(big.length() > 2 * 1024 * 1024, "over the 2 MB held for read-after-write: " + big.length());
        answers.put("app.bsky.feed.getTimeline", new Object[] {200, big, revBefore});
        HttpResponse<String> r = get("/xrpc/app.bsky.feed.getTimeline");
        assertEquals(200, r.statusCode());
        assertEquals(big, r.body(), "byte for byte");
        assertTrue(r.headers().firstValue("atproto-upstream-lag").isEmpty());
    }

    @Test
    void theCallersOwnFeedGetsTheNewPostsAndTheNewProfileOnTheOldOnes() throws Exception {
        answers.put("app.bsky.feed.getAuthorFeed", new Object[] {200, "{\"feed\":[{\"post\":" + alicesOldPost() + "}]}", revBefore});
        JsonNode feed = JSON.readTree(get("/xrpc/app.bsky.feed.getAuthorFeed?actor=" + alice.did()).body()).get("feed");
        assertEquals(4, feed.size());
        assertEquals(newPosts.get(2), feed.get(0).get("post").get("uri").asText());
        JsonNode oldAuthor = feed.get(3).get("post").get("author");
        assertEquals("Alice Again", oldAuthor.get("displayName").asText());
        assertTrue(oldAuthor.get("avatar").asText().contains(imageCid));
        assertEquals("old words", oldAuthor.get("description").asText(), "a basic view's update leaves the rest");

        // someone else's feed is left as it is
        String bobs = "{\"feed\":[{\"post\":" + bobsPost("3kbobpost3333", "older", OLD_TIME) + "}]}";
        answers.put("app.bsky.feed.getAuthorFeed", new Object[] {200, bobs, revBefore});
        assertEquals(JSON.readTree(bobs), JSON.readTree(get("/xrpc/app.bsky.feed.getAuthorFeed?actor=" + BOB).body()));

        // likes: only the authors are updated
        answers.put("app.bsky.feed.getActorLikes", new Object[] {200, "{\"feed\":[{\"post\":" + alicesOldPost() + "}]}", revBefore});
        JsonNode likes = JSON.readTree(get("/xrpc/app.bsky.feed.getActorLikes?actor=" + alice.did()).body()).get("feed");
        assertEquals(1, likes.size());
        assertEquals("Alice Again", likes.get(0).get("post").get("author").get("displayName").asText());
    }

    @Test
    void profileViewsShowTheNewProfile() throws Exception {
        answers.put("app.bsky.actor.getProfile", new Object[] {200, "{\"did\":\"" + alice.did() + "\",\"handle\":\""
                + alice.handle() + "\",\"displayName\":\"Alice\",\"description\":\"old words\",\"banner\":\"https://x/b\","
                + "\"followersCount\":3}", revBefore});
        JsonNode profile = JSON.readTree(get("/xrpc/app.bsky.actor.getProfile?actor=" + alice.did()).body());
        assertEquals("Alice Again", profile.get("displayName").asText());
        assertFalse(profile.has("description"), "the new record has no description");
        assertFalse(profile.has("banner"), "nor a banner");
        assertEquals(3, profile.get("followersCount").asInt(), "counts are the app view's");

        answers.put("app.bsky.actor.getProfiles", new Object[] {200, "{\"profiles\":[{\"did\":\"" + BOB
                + "\",\"handle\":\"bob.test\",\"displayName\":\"Bob\"},{\"did\":\"" + alice.did() + "\",\"handle\":\""
                + alice.handle() + "\",\"displayName\":\"Alice\"}]}", revBefore});
        JsonNode profiles = JSON.readTree(get("/xrpc/app.bsky.actor.getProfiles?actors=" + BOB + "&actors=" + alice.did()).body())
                .get("profiles");
        assertEquals("Bob", profiles.get(0).get("displayName").asText());
        assertEquals("Alice Again", profiles.get(1).get("displayName").asText());
    }

    @Test
    void aProfileChangeShowsForAnAccountThatHasNotPosted() throws Exception {
        // the app view has seen Erin's follow; her only write since is a profile
        TestServer.Session erin = pds.createAccount("erin");
        HttpResponse<String> follow = pds.postJson("/xrpc/com.atproto.repo.createRecord", "{\"repo\":\"" + erin.did()
                + "\",\"collection\":\"app.bsky.graph.follow\",\"record\":{\"$type\":\"app.bsky.graph.follow\",\"subject\":\""
                + BOB + "\",\"createdAt\":\"2024-05-01T00:00:00.000Z\"}}", erin.accessJwt());
        assertEquals(200, follow.statusCode(), follow.body());
        String seen = JSON.readTree(follow.body()).get("commit").get("rev").asText();
        HttpResponse<String> profile = pds.postJson("/xrpc/com.atproto.repo.putRecord", "{\"repo\":\"" + erin.did()
                + "\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\",\"record\":{\"$type\":"
                + "\"app.bsky.actor.profile\",\"displayName\":\"Erin\"}}", erin.accessJwt());
        assertEquals(200, profile.statusCode(), profile.body());
        answers.put("app.bsky.actor.getProfile", new Object[] {200, "{\"did\":\"" + erin.did() + "\",\"handle\":\""
                + erin.handle() + "\"}", seen});
        JsonNode view = JSON.readTree(pds.get("/xrpc/app.bsky.actor.getProfile?actor=" + erin.did(), erin.accessJwt()).body());
        assertEquals("Erin", view.path("displayName").asText(), view.toString());
    }

    @Test
    void aNewReplyShowsInItsThread() throws Exception {
        answers.put("app.bsky.feed.getPostThread", new Object[] {200, "{\"thread\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\","
                + "\"post\":" + alicesOldPost() + ",\"replies\":[{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":"
                + bobsPost("3kbobpost4444", "bob replied", OLD_TIME) + "}]}}", revBefore});
        JsonNode thread = JSON.readTree(get("/xrpc/app.bsky.feed.getPostThread?uri=" + firstPostUri).body()).get("thread");
        JsonNode replies = thread.get("replies");
        assertEquals(2, replies.size());
        assertEquals(newPosts.get(1), replies.get(0).get("post").get("uri").asText(), "the new reply first");
        assertEquals("app.bsky.feed.defs#threadViewPost", replies.get(0).get("$type").asText());
        assertEquals("at://" + BOB + "/app.bsky.feed.post/3kbobpost4444", replies.get(1).get("post").get("uri").asText());

        // a reply the app view already shows is not shown twice
        answers.put("app.bsky.feed.getPostThread", new Object[] {200, "{\"thread\":{\"$type\":\"app.bsky.feed.defs#threadViewPost\","
                + "\"post\":" + alicesOldPost() + ",\"replies\":[" + thread.get("replies").get(0) + "]}}", revBefore});
        JsonNode again = JSON.readTree(get("/xrpc/app.bsky.feed.getPostThread?uri=" + firstPostUri).body()).get("thread");
        assertEquals(1, again.get("replies").size(), again.toString());
    }

    @Test
    void aNewPostTheAppViewHasNotSeenGetsItsThreadBuiltHere() throws Exception {
        answers.put("app.bsky.feed.getPostThread", new Object[] {400, "{\"error\":\"NotFound\",\"message\":\"Post not found\"}",
                revBefore});
        // the parents come from the app view, asked for the reply's parent at depth 0
        String replyUri = newPosts.get(1);
        String byHandle = replyUri.replace(alice.did(), alice.handle());
        HttpResponse<String> r = pds.http.send(pds.request("/xrpc/app.bsky.feed.getPostThread?uri=" + byHandle + "&parentHeight=3")
                .header("authorization", "Bearer " + alice.accessJwt()).GET().build(), HttpResponse.BodyHandlers.ofString());
        // the stand-in answers NotFound for the parents too, so none is set
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("atproto-upstream-lag").isPresent());
        JsonNode thread = JSON.readTree(r.body()).get("thread");
        assertEquals(replyUri, thread.get("post").get("uri").asText());
        assertFalse(thread.has("parent"));
        String[] parentCall = calls.get(calls.size() - 1);
        assertEquals("app.bsky.feed.getPostThread", parentCall[0]);
        assertTrue(parentCall[1].contains("uri=" + firstPostUri) && parentCall[1].contains("depth=0")
                && parentCall[1].contains("parentHeight=3"), parentCall[1]);

        // someone else's post, or one the app view should have had, stays NotFound
        for (String uri : List.of("at://" + BOB + "/app.bsky.feed.post/3kbobpost5555", firstPostUri)) {
            HttpResponse<String> missing = get("/xrpc/app.bsky.feed.getPostThread?uri=" + uri);
            assertEquals(400, missing.statusCode(), uri);
            assertEquals("NotFound", JSON.readTree(missing.body()).get("error").asText());
        }
    }

    @Test
    void aNewPostsThreadHasTheParentsTheAppViewGives() throws Exception {
        // the call for the new post is NotFound; the one for its parent (depth 0) answers
        answers.put("app.bsky.feed.getPostThread", new Object[] {400, "{\"error\":\"NotFound\",\"message\":\"Post not found\"}",
                revBefore});
        answers.put("app.bsky.feed.getPostThread depth=0", new Object[] {200, "{\"thread\":{\"$type\":"
                + "\"app.bsky.feed.defs#threadViewPost\",\"post\":" + alicesOldPost() + "}}", revBefore});
        JsonNode thread = JSON.readTree(get("/xrpc/app.bsky.feed.getPostThread?uri=" + newPosts.get(1)).body()).get("thread");
        assertEquals(newPosts.get(1), thread.get("post").get("uri").asText());
        assertEquals(firstPostUri, thread.get("parent").get("post").get("uri").asText());
    }

    @Test
    void getFeedsTokenIsMadeOutToTheFeedGenerator() throws Exception {
        String feed = "at://" + BOB + "/app.bsky.feed.generator/cats";
        answers.put("com.atproto.repo.getRecord", new Object[] {200, "{\"uri\":\"" + feed + "\",\"value\":{\"did\":\"did:web:feeds.test\"}}", null});
        answers.put("app.bsky.feed.getFeed", new Object[] {200, "{\"feed\":[]}", null});
        HttpResponse<String> r = get("/xrpc/app.bsky.feed.getFeed?feed=" + feed + "&limit=5");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("com.atproto.repo.getRecord", calls.get(0)[0]);
        assertEquals("repo=" + BOB + "&collection=app.bsky.feed.generator&rkey=cats", calls.get(0)[1]);
        JsonNode claims = claims(calls.get(1)[2]);
        assertEquals("did:web:feeds.test", claims.get("aud").asText());
        assertEquals("app.bsky.feed.getFeedSkeleton", claims.get("lxm").asText());
        assertEquals(alice.did(), claims.get("iss").asText());

        answers.put("com.atproto.repo.getRecord", new Object[] {200, "{\"uri\":\"" + feed + "\",\"value\":{}}", null});
        HttpResponse<String> unknown = get("/xrpc/app.bsky.feed.getFeed?feed=" + feed);
        assertEquals(400, unknown.statusCode());
        assertEquals("UnknownFeed", JSON.readTree(unknown.body()).get("error").asText());
        answers.put("com.atproto.repo.getRecord", new Object[] {400, "{\"error\":\"RecordNotFound\",\"message\":\"Could not locate record\"}", null});
        HttpResponse<String> gone = get("/xrpc/app.bsky.feed.getFeed?feed=" + feed);
        assertEquals(400, gone.statusCode());
        assertEquals("RecordNotFound", JSON.readTree(gone.body()).get("error").asText());
        HttpResponse<String> bad = get("/xrpc/app.bsky.feed.getFeed?feed=not-a-uri");
        assertEquals(400, bad.statusCode());
        assertEquals("InvalidRequest", JSON.readTree(bad.body()).get("error").asText());
        assertEquals(4, calls.size(), "no getFeed went out for the refused ones: " + calls.size());
    }
}
