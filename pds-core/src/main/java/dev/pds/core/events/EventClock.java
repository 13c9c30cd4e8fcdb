package dev.pds.core.events;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The {@code time} of events: UTC with milliseconds, like the reference PDS's
 * {@code toISOString()}. Never goes backwards within one clock, even if the system clock does,
 * so that the log's times rise with its sequence numbers and retention can search them.
 */
public final class EventClock {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private long lastMillis = Long.MIN_VALUE;

    public EventClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static EventClock system() {
        return new EventClock(Clock.systemUTC());
    }

    /** The current time, never before one this clock gave earlier. */
    public synchronized Instant now() {
        long ms = Math.max(clock.millis(), lastMillis);
        lastMillis = ms;
        return Instant.ofEpochMilli(ms);
    }

    /** {@link #now} in the events' text form. */
    public String nowText() {
        return format(now());
    }

    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** Parses an event's {@code time} (any ISO-8601 instant); null when it is not one. */
    public static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
