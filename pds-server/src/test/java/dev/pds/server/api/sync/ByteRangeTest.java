package dev.pds.server.api.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static ByteRange.Request parse(String header, long size) {
        return ByteRange.parse(Optional.ofNullable(header), size);
    }

    private static ByteRange part(String header, long size) {
        return assertInstanceOf(ByteRange.Part.class, parse(header, size)).range();
    }

    @Test
    void singleRanges() {
        assertEquals(new ByteRange(0, 99), part("bytes=0-99", 1000));
        assertEquals(new ByteRange(500, 999), part("bytes=500-", 1000));
        assertEquals(new ByteRange(990, 999), part("bytes=-10", 1000));
        assertEquals(new ByteRange(0, 999), part("bytes=-5000", 1000));
        assertEquals(new ByteRange(900, 999), part("bytes=900-5000", 1000));
        assertEquals(new ByteRange(7, 7), part("bytes = 7 - 7", 1000));
        assertEquals(100, part("bytes=0-99", 1000).length());
    }

    @Test
    void unsatisfiable() {
        assertInstanceOf(ByteRange.Unsatisfiable.class, parse("bytes=1000-", 1000));
        assertInstanceOf(ByteRange.Unsatisfiable.class, parse("bytes=2000-3000", 1000));
        assertInstanceOf(ByteRange.Unsatisfiable.class, parse("bytes=-0", 1000));
        assertInstanceOf(ByteRange.Unsatisfiable.class, parse("bytes=0-", 0));
        assertInstanceOf(ByteRange.Unsatisfiable.class, parse("bytes=-1", 0));
    }

    @Test
    void ignoredHeadersMeanTheWholeBody() {
        for (String header : new String[] {null, "", "bytes=", "bytes=-", "bytes=5-1", "bytes=0-1,4-5", "items=0-1",
                "bytes=a-b", "bytes=99999999999999999999-"}) {
            assertInstanceOf(ByteRange.Whole.class, parse(header, 1000), String.valueOf(header));
        }
    }
}
