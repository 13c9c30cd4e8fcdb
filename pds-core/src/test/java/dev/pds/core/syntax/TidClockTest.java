package dev.pds.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TidClockTest {

    @Test
    void usesTheClockTimeAndClockId() {
        Instant t = Instant.parse("2024-01-02T03:04:05.678901Z");
        TidClock clock = new TidClock(Clock.fixed(t, ZoneOffset.UTC), 77);
        Tid tid = clock.next();
        assertEquals(t, tid.toInstant());
        assertEquals(77, tid.clockId());
        assertEquals(77, clock.clockId());
    }

    @Test
    void sameMicrosecondStillIncreases() {
        TidClock clock = new TidClock(() -> 1_000_000L, 3);
        Tid a = clock.next();
        Tid b = clock.next();
        Tid c = clock.next();
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0);
        assertEquals(1_000_000L, a.timestampMicros());
        assertEquals(1_000_002L, c.timestampMicros());
    }

    @Test
    void neverGoesBackWhenTheWallClockDoes() {
        AtomicLong now = new AtomicLong(5_000_000L);
        TidClock clock = new TidClock(now::get, 9);
        Tid before = clock.next();
        now.set(1_000_000L); // clock stepped back four seconds
        Tid after = clock.next();
        assertTrue(after.compareTo(before) > 0);
        assertEquals(5_000_001L, after.timestampMicros());
        now.set(9_000_000L); // and forward again: time is used once more
        assertEquals(9_000_000L, clock.next().timestampMicros());
    }

    @Test
    void nextAfterIsStrictlyGreaterThanAGivenRev() {
        TidClock clock = new TidClock(() -> 1_000L, 10);
        Tid far = Tid.of(50_000L, 500);
        Tid next = clock.nextAfter(far);
        assertTrue(next.compareTo(far) > 0);
        assertEquals(50_001L, next.timestampMicros());
        assertTrue(clock.next().compareTo(next) > 0, "later TIDs stay above the floor");

        // same microsecond: a lower clock id in the floor lets us reuse the microsecond
        TidClock high = new TidClock(() -> 1_000L, 10);
        Tid lowFloor = Tid.of(70_000L, 3);
        Tid n1 = high.nextAfter(lowFloor);
        assertEquals(70_000L, n1.timestampMicros());
        assertTrue(n1.compareTo(lowFloor) > 0);

        // equal floor: must step past it
        TidClock same = new TidClock(() -> 1_000L, 10);
        Tid equalFloor = Tid.of(80_000L, 10);
        assertTrue(same.nextAfter(equalFloor).compareTo(equalFloor) > 0);

        // a floor in the past changes nothing
        TidClock current = new TidClock(() -> 9_000_000L, 1);
        assertEquals(9_000_000L, current.nextAfter(Tid.of(5L, 1)).timestampMicros());
    }

    @Test
    void instancesAreIndependent() {
        TidClock a = new TidClock(() -> 100L, 1);
        TidClock b = new TidClock(() -> 100L, 1);
        a.next();
        a.next();
        assertEquals(100L, b.next().timestampMicros());
    }

    @Test
    void concurrentCallersGetDistinctIncreasingTids() throws Exception {
        // a frozen clock forces every call to contend on the same microsecond
        TidClock clock = new TidClock(() -> 1_700_000_000_000_000L, 42);
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Tid>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Tid>> task = () -> {
                    start.await();
                    List<Tid> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(clock.next());
                    }
                    return mine;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            Set<Tid> all = new HashSet<>();
            for (Future<List<Tid>> f : futures) {
                List<Tid> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).compareTo(mine.get(i - 1)) > 0, "each caller sees increasing TIDs");
                }
                all.addAll(mine);
            }
            assertEquals(threads * perThread, all.size(), "no TID issued twice");
            assertTrue(clock.next().compareTo(all.stream().max(Tid::compareTo).orElseThrow()) > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void systemClockIsNearNowWithAValidClockId() {
        TidClock clock = TidClock.system();
        long before = TidClock.toMicros(Instant.now());
        Tid tid = clock.next();
        assertTrue(clock.clockId() >= 0 && clock.clockId() <= Tid.MAX_CLOCK_ID);
        assertTrue(tid.timestampMicros() >= before - 1_000_000 && tid.timestampMicros() <= before + 60_000_000L);
    }

    @Test
    void rejectsBadClockIds() {
        assertThrows(IllegalArgumentException.class, () -> new TidClock(() -> 0L, 1024));
        assertThrows(IllegalArgumentException.class, () -> new TidClock(() -> 0L, -1));
    }
}
