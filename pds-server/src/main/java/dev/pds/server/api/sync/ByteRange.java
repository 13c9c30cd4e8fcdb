package dev.pds.server.api.sync;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 14.1.2), resolved
 * against the size of what is asked for: {@code first-last}, {@code first-} or the suffix
 * {@code -count}. Several ranges, other units or malformed headers are ignored (the whole
 * body is sent), which the RFC allows; a range that starts past the end is unsatisfiable.
 *
 * @param first offset of the first byte
 * @param last  offset of the last byte, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*");

    /** What a Range header asks of a body of {@code size} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No usable Range header: send everything. */
    record Whole() implements Request {
    }

    record Part(ByteRange range) implements Request {
    }

    record Unsatisfiable() implements Request {
    }

    long length() {
        return last - first + 1;
    }

    static Request parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.get());
        if (!m.matches()) {
            return new Whole();
        }
        String from = m.group(1);
        String to = m.group(2);
        if (from.isEmpty() && to.isEmpty()) {
            return new Whole();
        }
        if (from.isEmpty()) {
            long count = Long.parseLong(to);
            if (count == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(Math.max(0, size - count), size - 1));
        }
        long first = Long.parseLong(from);
        if (!to.isEmpty() && Long.parseLong(to) < first) {
            return new Whole(); // not a valid range: ignored
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
        return new Part(new ByteRange(first, last));
    }
}
