package dev.pds.core.syntax;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Issues strictly increasing TIDs. The spec asks that TIDs never repeat or go backwards, even
 * when the wall clock steps back or two calls land in the same microsecond: each TID uses
 * max(now, last + 1) microseconds with this clock's fixed clock id. Thread-safe and lock-free;
 * all state is per instance (the server keeps one).
 */
public final class TidClock {
    private final LongSupplier micros;
    private final int clockId;
    /** Microseconds of the last TID issued, or -1 before the first. */
    private final AtomicLong last = new AtomicLong(-1);

    /** A clock over a microsecond source (tests pass their own), with a fixed clock id. */
    public TidClock(LongSupplier micros, int clockId) {
        this.micros = Objects.requireNonNull(micros, "micros");
        if (clockId < 0 || clockId > Tid.MAX_CLOCK_ID) {
            throw new IllegalArgumentException("TID clock id out of range: " + clockId);
        }
        this.clockId = clockId;
    }

    public TidClock(Clock clock, int clockId) {
        this(() -> toMicros(clock.instant()), clockId);
    }

    /** The system clock with a random clock id, as the spec recommends. */
    public static TidClock system() {
        return new TidClock(Clock.systemUTC(), new SecureRandom().nextInt(Tid.MAX_CLOCK_ID + 1));
    }

    static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public int clockId() {
        return clockId;
    }

    /** A TID greater than every TID this clock issued before. */
    public Tid next() {
        return Tid.of(advance(-1), clockId);
    }

    /**
     * A TID greater than every TID this clock issued before and than {@code floor}, such as the
     * last commit rev of a repository that another host or an older clock wrote.
     */
    public Tid nextAfter(Tid floor) {
        // with our clock id, micros one above the floor's always sorts after it; equal micros may not
        long minMicros = floor.timestampMicros() + (floor.clockId() < clockId ? 0 : 1);
        return Tid.of(advance(minMicros), clockId);
    }

    private long advance(long minMicros) {
        while (true) {
            long prev = last.get();
            long now = micros.getAsLong();
            long next = Math.max(Math.max(now, prev + 1), minMicros);
            if (next > Tid.MAX_MICROS || next < 0) {
                throw new IllegalStateException("TID timestamp out of range: " + next);
            }
            if (last.compareAndSet(prev, next)) {
                return next;
            }
        }
    }
}
