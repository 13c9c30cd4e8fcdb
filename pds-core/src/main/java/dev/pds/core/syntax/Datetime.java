package dev.pds.core.syntax;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A Lexicon {@code datetime} (atproto.com/specs/lexicon): the intersection of RFC 3339,
 * ISO 8601 and WHATWG, that is {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)} with
 * upper-case {@code T} and {@code Z}, a mandatory time zone, no {@code -00:00}, at most 64
 * characters; it must name a real instant (month 1-12, a day the month has, no leap second)
 * whose UTC year stays within 0000-9999.
 *
 * <p>The canonical form is the string as given, since records are stored byte for byte;
 * {@link #of(Instant)} writes new values as {@code YYYY-MM-DDTHH:MM:SS.sssZ}.
 */
public final class Datetime {
    public static final int MAX_LENGTH = 64;
    private static final int FRACTION_START = 19;

    private final String text;
    private final Instant instant;

    private Datetime(String text, Instant instant) {
        this.text = text;
        this.instant = instant;
    }

    public static Datetime parse(String input) {
        String reason = checkShape(input);
        if (reason == null) {
            Object result = interpret(input);
            if (result instanceof Instant) {
                return new Datetime(input, (Instant) result);
            }
            reason = (String) result;
        }
        throw SyntaxException.of("datetime", reason);
    }

    public static boolean isValid(String input) {
        return checkShape(input) == null && interpret(input) instanceof Instant;
    }

    /**
     * True when the string has the datetime shape (digits and separators in the right places),
     * whether or not its fields name a real instant. {@link #isValid} is the check to use.
     */
    public static boolean isWellFormed(String input) {
        return checkShape(input) == null;
    }

    /** The canonical form for new values: UTC, millisecond precision, as JavaScript writes it. */
    public static Datetime of(Instant instant) {
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        LocalDateTime t = LocalDateTime.ofInstant(millis, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("datetime year out of range 0000-9999: " + instant);
        }
        String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
        return new Datetime(text, millis);
    }

    public static Datetime now(Clock clock) {
        return of(clock.instant());
    }

    private static String checkShape(String s) {
        if (s == null || s.isEmpty()) {
            return "empty";
        }
        if (s.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (s.length() < 10 || !Chars.isAllDigits(s, 0, 4) || s.charAt(4) != '-' || !Chars.isAllDigits(s, 5, 7)
                || s.charAt(7) != '-' || !Chars.isAllDigits(s, 8, 10)) {
            return "date must be YYYY-MM-DD";
        }
        if (s.length() < 11 || s.charAt(10) != 'T') {
            return "date and time must be separated by upper-case \"T\"";
        }
        if (s.length() < 19 || !Chars.isAllDigits(s, 11, 13) || s.charAt(13) != ':' || !Chars.isAllDigits(s, 14, 16)
                || s.charAt(16) != ':' || !Chars.isAllDigits(s, 17, 19)) {
            return "time must be HH:MM:SS";
        }
        int i = FRACTION_START;
        if (i < s.length() && s.charAt(i) == '.') {
            int digits = i + 1;
            while (digits < s.length() && Chars.isDigit(s.charAt(digits))) {
                digits++;
            }
            if (digits == i + 1) {
                return "fractional seconds need at least one digit";
            }
            i = digits;
        }
        int zoneLength = s.length() - i;
        if (zoneLength == 1 && s.charAt(i) == 'Z') {
            return null;
        }
        if (zoneLength == 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && Chars.isAllDigits(s, i + 1, i + 3)
                && s.charAt(i + 3) == ':' && Chars.isAllDigits(s, i + 4, i + 6)) {
            return null;
        }
        return "time zone is required, as \"Z\" or \"+HH:MM\" / \"-HH:MM\"";
    }

    /** For a well-formed string: the instant it names, or the reason (a String) it names none. */
    private static Object interpret(String s) {
        int year = num(s, 0, 4);
        int month = num(s, 5, 7);
        int day = num(s, 8, 10);
        int hour = num(s, 11, 13);
        int minute = num(s, 14, 16);
        int second = num(s, 17, 19);
        if (month < 1 || month > 12) {
            return "month must be 01-12";
        }
        if (day < 1 || day > java.time.Month.of(month).length(Year.isLeap(year))) {
            return "day does not exist in that month";
        }
        if (hour > 23 || minute > 59) {
            return "hour must be 00-23 and minute 00-59";
        }
        if (second > 59) {
            return "second must be 00-59";
        }
        int nanos = 0;
        int i = FRACTION_START;
        if (s.charAt(i) == '.') {
            i++;
            int scale = 100_000_000;
            while (Chars.isDigit(s.charAt(i))) {
                nanos += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        int offsetSeconds = 0;
        if (s.charAt(i) != 'Z') {
            int offHour = num(s, i + 1, i + 3);
            int offMinute = num(s, i + 4, i + 6);
            if (offHour > 23 || offMinute > 59) {
                return "time zone offset must be at most 23:59";
            }
            if (s.charAt(i) == '-' && offHour == 0 && offMinute == 0) {
                return "\"-00:00\" is not allowed, use \"Z\" or \"+00:00\"";
            }
            offsetSeconds = (offHour * 3600 + offMinute * 60) * (s.charAt(i) == '-' ? -1 : 1);
        }
        // offsets up to 23:59 are allowed here, beyond java.time's ZoneOffset range of 18:00
        long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second)
                .toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        int utcYear = LocalDateTime.ofInstant(instant, ZoneOffset.UTC).getYear();
        if (utcYear < 0 || utcYear > 9999) {
            return "in UTC the year falls outside 0000-9999";
        }
        return instant;
    }

    private static int num(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    public Instant toInstant() {
        return instant;
    }

    /** Equal when the strings are equal; compare {@link #toInstant()} for the same moment. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Datetime && ((Datetime) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
