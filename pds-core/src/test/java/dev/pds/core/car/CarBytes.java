package dev.pds.core.car;

import dev.pds.core.data.Cid;
import dev.pds.core.data.Varint;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds CAR bytes by hand, so malformed files can be written byte by byte. */
final class CarBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    CarBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    CarBytes raw(String hex) {
        return raw(hex(hex));
    }

    CarBytes varint(long v) {
        byte[] b = new byte[10];
        out.write(b, 0, Varint.write(v, b, 0));
        return this;
    }

    /** A length-prefixed header. */
    CarBytes header(byte[] dagCbor) {
        return varint(dagCbor.length).raw(dagCbor);
    }

    CarBytes header(Cid root) {
        return header(CarHeader.of(root).encode());
    }

    /** A well-formed section for {@code cid} and {@code data} (whether or not they match). */
    CarBytes section(Cid cid, byte[] data) {
        varint((long) cid.byteLength() + data.length);
        return raw(cid.toBytes()).raw(data);
    }

    byte[] build() {
        return out.toByteArray();
    }
}
