package dev.pds.e2e.repo;

import static dev.pds.e2e.repo.RepoCalls.POST;
import static dev.pds.e2e.repo.RepoCalls.assertError;
import static dev.pds.e2e.repo.RepoCalls.json;
import static dev.pds.e2e.repo.RepoCalls.object;
import static dev.pds.e2e.repo.RepoCalls.ok;
import static dev.pds.e2e.repo.RepoCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.e2e.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients writing to the same repos at once, through HTTP: every acknowledged record is
 * there afterwards, each answer's commit is a distinct step of its repo's history with rising
 * revs, and swapCommit lets exactly one of several racing writers through.
 */
class ConcurrentWritesTest {
    static final String CREATE = "com.atproto.repo.createRecord";

    @TempDir
    static Path data;
    static TestServer pds;
    static RepoCalls calls;
    static TestServer.Session alice;
    static TestServer.Session bob;

    @BeforeAll
    static void start() throws Exception {
        pds = TestServer.start(data);
        calls = new RepoCalls(pds);
        alice = pds.createAccount("alice");
        bob = pds.createAccount("bob");
    }

    @AfterAll
    static void stop() {
        pds.close();
    }

    @Test
    void concurrentCreatesToTwoReposAreAllCommittedInOrder() throws Exception {
        int clients = 6;
        int each = 15;
        List<JsonNode> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> jobs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                TestServer.Session who = c % 2 == 0 ? alice : bob;
                int client = c;
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        JsonNode r = ok(calls.create(who.accessJwt(), who.did(), POST, null, post("c" + client + " n" + i)));
                        answers.add(r);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> j : jobs) {
                j.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(clients * each, answers.size());
        for (TestServer.Session who : List.of(alice, bob)) {
            List<JsonNode> mine = answers.stream().filter(a -> a.get("uri").asText().startsWith("at://" + who.did() + "/")).toList();
            assertEquals(clients / 2 * each, mine.size());
            Set<String> commits = new HashSet<>();
            Set<String> revs = new HashSet<>();
            String latestRev = "";
            for (JsonNode a : mine) {
                commits.add(a.get("commit").get("cid").asText());
                String rev = a.get("commit").get("rev").asText();
                revs.add(rev);
                latestRev = rev.compareTo(latestRev) > 0 ? rev : latestRev;
                // every acknowledged record reads back with the CID its answer gave
                String rkey = a.get("uri").asText().substring(a.get("uri").asText().lastIndexOf('/') + 1);
                assertEquals(a.get("cid").asText(), json(calls.get(who.did(), POST, rkey)).get("cid").asText());
            }
            assertEquals(mine.size(), commits.size(), "one commit per write");
            assertEquals(mine.size(), revs.size(), "one rev per commit");
            JsonNode latest = json(calls.query("com.atproto.sync.getLatestCommit?did=" + who.did()));
            assertEquals(latestRev, latest.get("rev").asText(), "the newest answer is the repo's head");
            assertEquals(calls.head(who.did()), latest.get("cid").asText());
        }
    }

    @Test
    void racingWritersWithOneSwapCommitGetOneSuccessAndInvalidSwapForTheRest() throws Exception {
        int racers = 5;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 4; round++) {
                String head = calls.head(alice.did());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> jobs = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    ObjectNode in = object().put("repo", alice.did()).put("collection", POST).put("swapCommit", head);
                    in.set("record", post("race " + round + " " + r));
                    jobs.add(pool.submit(() -> {
                        start.await();
                        return calls.post(CREATE, in, alice.accessJwt());
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<HttpResponse<String>> j : jobs) {
                    HttpResponse<String> r = j.get(60, TimeUnit.SECONDS);
                    if (r.statusCode() == 200) {
                        won++;
                        assertEquals(calls.head(alice.did()), json(r).get("commit").get("cid").asText());
                    } else {
                        assertError(r, 400, "InvalidSwap");
                    }
                }
                assertEquals(1, won, "exactly one writer may build on " + head);
                assertTrue(!head.equals(calls.head(alice.did())));
            }
        } finally {
            pool.shutdown();
        }
    }
}
