package dev.pds.server.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.XrpcException;
import dev.pds.server.lexicon.LexiconCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestMemoryTest {
    private static final long KB = 1024;

    @Test
    void smallBodiesAreNotCountedAndOneLargeCallIsAlwaysAdmitted() {
        RequestMemory m = new RequestMemory(1024 * KB);
        assertEquals(0, m.tryReserve(RequestMemory.SMALL_BODY));
        assertEquals(0, m.reserved());
        long huge = m.tryReserve(2048 * KB);
        assertEquals(2048 * KB * RequestMemory.AMPLIFICATION, huge, "alone, a call over the whole budget still runs");
        assertEquals(-1, m.tryReserve(100 * KB), "but nothing large beside it");
        assertEquals(0, m.tryReserve(10 * KB), "small calls go on");
        m.release(huge);
        assertEquals(0, m.reserved());
    }

    @Test
    void largeCallsShareTheBudget() {
        RequestMemory m = new RequestMemory(2000 * KB); // room for two 100 kB bodies at 8x
        long a = m.tryReserve(100 * KB);
        long b = m.tryReserve(100 * KB);
        assertTrue(a > 0 && b > 0);
        assertEquals(-1, m.tryReserve(100 * KB));
        m.release(a);
        long c = m.tryReserve(100 * KB);
        assertTrue(c > 0, "room again once a call is done");
        assertThrows(IllegalArgumentException.class, () -> m.release(c + b + 1), "never more than was reserved");
    }

    @Test
    void theDefaultIsAQuarterOfTheHeap() {
        assertEquals(16L << 20, RequestMemory.forHeap(64L << 20).budgetBytes());
        assertEquals(RequestMemory.SMALL_BODY * RequestMemory.AMPLIFICATION, RequestMemory.forHeap(1).budgetBytes());
    }

    @Test
    void theDispatcherAnswersNotEnoughResourcesWhileTheBudgetIsTakenAndGivesItBack() throws Exception {
        String lexicon = "{\"lexicon\":1,\"id\":\"com.example.bigThing\",\"defs\":{\"main\":{\"type\":\"procedure\","
                + "\"input\":{\"encoding\":\"application/json\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"pad\":{\"type\":\"string\"}}}}}}}";
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        XrpcMethod slow = new XrpcMethod() {
            @Override
            public String nsid() {
                return "com.example.bigThing";
            }

            @Override
            public XrpcResponse handle(XrpcRequest request) throws Exception {
                entered.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
                return XrpcResponse.empty();
            }
        };
        XrpcMethods methods = XrpcMethods.builder(LexiconCatalog.bundled().with(lexicon)).add(slow).build();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        RequestMemory memory = new RequestMemory(1024 * KB);
        try {
            XrpcDispatcher d = new XrpcDispatcher(methods, workers, null, memory);
            Map<String, List<String>> json = Map.of("content-type", List.of("application/json"));
            byte[] large = body(200 * KB);
            CompletableFuture<XrpcResponse> first = d.dispatch("POST", "com.example.bigThing", Map.of(), json, large);
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            assertEquals(large.length * RequestMemory.AMPLIFICATION, memory.reserved());

            ExecutionException busy = assertThrows(ExecutionException.class,
                    () -> d.dispatch("POST", "com.example.bigThing", Map.of(), json, large).get(30, TimeUnit.SECONDS));
            XrpcException e = (XrpcException) busy.getCause();
            assertEquals(503, e.status().code());
            assertEquals("NotEnoughResources", e.error());

            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            assertEquals(0, awaitReleased(memory), "a finished call gives its share back");
            d.dispatch("POST", "com.example.bigThing", Map.of(), json, large).get(30, TimeUnit.SECONDS);
            assertEquals(0, awaitReleased(memory));
        } finally {
            release.countDown();
            workers.shutdownNow();
        }
    }

    /** What stays reserved once the completion stages that release have run (they may trail get()). */
    private static long awaitReleased(RequestMemory memory) throws InterruptedException {
        for (int i = 0; i < 500 && memory.reserved() > 0; i++) {
            Thread.sleep(10);
        }
        return memory.reserved();
    }

    private static byte[] body(long size) {
        StringBuilder b = new StringBuilder("{\"pad\":\"");
        while (b.length() < size) {
            b.append("abcdefghij");
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
