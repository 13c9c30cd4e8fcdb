package dev.pds.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerLimitsTest {
    @TempDir
    Path dir;

    @Test
    void fullQueueAnswersNotEnoughResourcesAndLosesNothingAccepted() throws Exception {
        StoreConfig config = StoreConfig.defaults().withQueue(2, Duration.ofMillis(50));
        try (RepoStore store = RepoStore.open(dir, config)) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // the first write holds the sequencer inside its event function, so the queue fills
            CompletableFuture<long[]> first = store.logEvents(List.of(seq -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new byte[] {1};
            }));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<long[]> second = store.logEvents(List.of(seq -> new byte[] {2}));
            CompletableFuture<long[]> third = store.logEvents(List.of(seq -> new byte[] {3}));
            XrpcException busy = assertThrows(XrpcException.class, () -> store.logEvents(List.of(seq -> new byte[] {4})));
            assertEquals("NotEnoughResources", busy.error());
            assertEquals(ErrorStatus.NOT_ENOUGH_RESOURCES, busy.status());
            release.countDown();
            assertArrayEquals(new long[] {1}, first.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new long[] {2}, second.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new long[] {3}, third.get(10, TimeUnit.SECONDS));
            assertEquals(3, store.log().events(0, 10).size());
        }
    }

    @Test
    void failingEventSourceStopsWritesInsteadOfLeavingAGap() {
        try (RepoStore store = RepoStore.open(dir, StoreConfig.defaults())) {
            store.logEvents(List.of(seq -> new byte[] {1})).join();
            assertEquals(java.util.Optional.empty(), store.writeRefusal());
            CompletableFuture<long[]> bad = store.logEvents(List.of(seq -> {
                throw new IllegalStateException("broken frame encoder");
            }));
            Throwable t = assertThrows(Exception.class, bad::join);
            assertTrue(t.getCause() instanceof StoreException, String.valueOf(t));
            assertThrows(StoreException.class, () -> store.logEvents(List.of(seq -> new byte[] {2})));
            assertEquals(1, store.log().lastSeq());
            String refusal = store.writeRefusal().orElseThrow();
            assertTrue(refusal.contains("broken frame encoder"), refusal);
        }
        try (RepoStore reopened = RepoStore.open(dir, StoreConfig.defaults())) {
            assertEquals(java.util.Optional.empty(), reopened.writeRefusal());
            assertEquals(1, reopened.log().lastSeq());
            assertArrayEquals(new long[] {2}, reopened.logEvents(List.of(seq -> new byte[] {2})).join());
        }
    }

    @Test
    void writesAfterCloseAreRefused() {
        RepoStore store = RepoStore.open(dir, StoreConfig.defaults());
        store.close();
        assertEquals(java.util.Optional.of("the store is closed"), store.writeRefusal());
        assertThrows(StoreException.class, () -> store.logEvents(List.of(seq -> new byte[] {1})));
        store.close(); // closing twice is harmless
    }
}
