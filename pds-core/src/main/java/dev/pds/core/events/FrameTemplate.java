package dev.pds.core.events;

import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * A sequenced event's frame (header, then body) encoded ahead of time except for {@code seq}
 * and {@code time}, which are known only when the store's sequencer writes it. Filling them in
 * is three array copies, so the sequencer thread never encodes a CAR or a map.
 *
 * <p>Canonical key order puts {@code seq} (3 bytes) before {@code time} (4 bytes) in every body,
 * so the frame is {@code prefix | seq | middle | time | suffix}.
 */
final class FrameTemplate {
    private final byte[] prefix;
    private final byte[] middle;
    private final byte[] suffix;

    private FrameTemplate(byte[] prefix, byte[] middle, byte[] suffix) {
        this.prefix = prefix;
        this.middle = middle;
        this.suffix = suffix;
    }

    /** The template of an event of {@code type} with these fields; {@code seq} and {@code time} must be absent. */
    static FrameTemplate of(EventType type, DataMap.Builder fields) {
        Objects.requireNonNull(type, "type");
        if (fields.containsKey("seq") || fields.containsKey("time")) {
            throw new IllegalArgumentException("seq and time are filled in when the event is sequenced");
        }
        // placeholders only fix the keys' places; their values are never written
        DataMap body = fields.put("seq", 0).put("time", "").build();
        if (body.size() > 23) {
            throw new IllegalArgumentException("event body has too many fields: " + body.size());
        }
        ByteArrayOutputStream[] parts = {new ByteArrayOutputStream(256), new ByteArrayOutputStream(64),
                new ByteArrayOutputStream(256)};
        parts[0].writeBytes(header(type));
        parts[0].write(0xa0 | body.size()); // CBOR map head with the count in the initial byte
        int part = 0;
        for (var e : body.entries()) {
            parts[part].writeBytes(DagCbor.encode(DataValue.of(e.getKey())));
            if (e.getKey().equals("seq")) {
                part = 1;
            } else if (e.getKey().equals("time")) {
                part = 2;
            } else {
                parts[part].writeBytes(DagCbor.encode(e.getValue()));
            }
        }
        return new FrameTemplate(parts[0].toByteArray(), parts[1].toByteArray(), parts[2].toByteArray());
    }

    static byte[] header(EventType type) {
        return DagCbor.encode(headerMap(type));
    }

    static DataMap headerMap(EventType type) {
        return DataMap.builder().put("op", 1).put("t", type.tag()).build();
    }

    /** The frame with {@code seq} and {@code time} in place. */
    byte[] frame(long seq, String time) {
        byte[] s = DagCbor.encode(DataValue.of(seq));
        byte[] t = DagCbor.encode(DataValue.of(time));
        byte[] out = new byte[prefix.length + s.length + middle.length + t.length + suffix.length];
        int p = 0;
        System.arraycopy(prefix, 0, out, p, prefix.length);
        p += prefix.length;
        System.arraycopy(s, 0, out, p, s.length);
        p += s.length;
        System.arraycopy(middle, 0, out, p, middle.length);
        p += middle.length;
        System.arraycopy(t, 0, out, p, t.length);
        p += t.length;
        System.arraycopy(suffix, 0, out, p, suffix.length);
        return out;
    }

    /** Size of the frame without seq and time: what the template holds in memory. */
    int fixedBytes() {
        return prefix.length + middle.length + suffix.length;
    }
}
