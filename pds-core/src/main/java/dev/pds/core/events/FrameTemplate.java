package dev.pds.core.events;

import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataBytes;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.util.ArrayList;
import java.util.List;
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
        // the keys and values of each part in order; each part is then encoded into one array
        List<List<DataValue>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long suffixBytes = 0;
        int part = 0;
        for (var e : body.entries()) {
            parts.get(part).add(DataValue.of(e.getKey()));
            if (e.getKey().equals("seq")) {
                part = 1;
            } else if (e.getKey().equals("time")) {
                part = 2;
            } else {
                parts.get(part).add(e.getValue());
                if (part == 2 && e.getValue() instanceof DataBytes bytes) {
                    suffixBytes += bytes.length(); // the CAR of blocks: known before it is encoded
                }
            }
        }
        byte[] header = header(type);
        byte[] first = DagCbor.encodeSequence(256, parts.get(0));
        byte[] prefix = new byte[header.length + 1 + first.length];
        System.arraycopy(header, 0, prefix, 0, header.length);
        prefix[header.length] = (byte) (0xa0 | body.size()); // CBOR map head with the count in the initial byte
        System.arraycopy(first, 0, prefix, header.length + 1, first.length);
        return new FrameTemplate(prefix, DagCbor.encodeSequence(64, parts.get(1)),
                DagCbor.encodeSequence((int) Math.min(suffixBytes + 512, 1 << 30), parts.get(2)));
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
