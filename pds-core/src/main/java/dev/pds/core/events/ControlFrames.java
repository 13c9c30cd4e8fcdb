package dev.pds.core.events;

import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import java.util.Objects;

/**
 * The unsequenced frames a server sends one subscriber: {@code #info} messages and error
 * frames (header {@code {op: -1}}, after which the server closes the connection).
 */
public final class ControlFrames {
    public static final String OUTDATED_CURSOR = "OutdatedCursor";
    public static final String FUTURE_CURSOR = "FutureCursor";
    public static final String CONSUMER_TOO_SLOW = "ConsumerTooSlow";

    private ControlFrames() {
    }

    /** An {@code #info} message, e.g. OutdatedCursor; {@code message} may be null. */
    public static byte[] info(String name, String message) {
        Objects.requireNonNull(name, "name");
        DataMap.Builder body = DataMap.builder().put("name", name);
        if (message != null) {
            body.put("message", message);
        }
        return DagCbor.encodeSequence(FrameTemplate.headerMap(EventType.INFO), body.build());
    }

    /** An error frame, e.g. FutureCursor or ConsumerTooSlow; {@code message} may be null. */
    public static byte[] error(String error, String message) {
        Objects.requireNonNull(error, "error");
        DataMap.Builder body = DataMap.builder().put("error", error);
        if (message != null) {
            body.put("message", message);
        }
        return DagCbor.encodeSequence(DataMap.builder().put("op", -1).build(), body.build());
    }
}
