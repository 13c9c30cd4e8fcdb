package dev.pds.server.blob;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The key layout of blob state in {@code Table.BLOBS}. Keys are UTF-8 text; DIDs and CIDs
 * contain no {@code /}, so each part ends where the next separator is, and a prefix ending in
 * {@code /} never matches a longer DID or CID.
 *
 * <pre>
 * m/&lt;did&gt;/&lt;cid&gt;                       -> metadata: mime type, size, time of the last upload
 * r/&lt;did&gt;/&lt;cid&gt;/&lt;collection&gt;/&lt;rkey&gt;   -> rev of the commit that made the reference
 * t/&lt;uploadedAt&gt;/&lt;did&gt;/&lt;cid&gt;          -> (empty) upload times, oldest first, for expiry
 * g/&lt;did&gt;/&lt;cid&gt;                       -> time a commit took away a reference: check whether it is the last
 * </pre>
 *
 * A blob is permanent while an {@code r/} key names it, and temporary (an upload waiting for a
 * record) otherwise. {@code r/} keys are written in the batch of the commit that adds or
 * removes the reference; an {@code r/} key without {@code m/} is a missing blob (a record
 * imported before its blob). Times are 16 hex digits of epoch milliseconds, so they sort.
 */
final class BlobKeys {
    static final String META = "m/";
    static final String REF = "r/";
    static final String UPLOADED = "t/";
    static final String GONE = "g/";

    private BlobKeys() {
    }

    static byte[] meta(Did did, Cid cid) {
        return bytes(META + did + "/" + cid);
    }

    static byte[] ref(Did did, Cid cid, String path) {
        return bytes(REF + did + "/" + cid + "/" + path);
    }

    /** Every reference of one blob. */
    static byte[] refsOf(Did did, Cid cid) {
        return bytes(REF + did + "/" + cid + "/");
    }

    /** Every reference of an account. */
    static byte[] refsOf(Did did) {
        return bytes(REF + did + "/");
    }

    /** Every blob's metadata of an account. */
    static byte[] metaOf(Did did) {
        return bytes(META + did + "/");
    }

    /** Every pending dereference of an account. */
    static byte[] goneOf(Did did) {
        return bytes(GONE + did + "/");
    }

    static byte[] uploaded(long uploadedAtMillis, Did did, Cid cid) {
        return bytes(UPLOADED + time(uploadedAtMillis) + "/" + did + "/" + cid);
    }

    static byte[] gone(Did did, Cid cid) {
        return bytes(GONE + did + "/" + cid);
    }

    static String time(long millis) {
        return String.format(Locale.ROOT, "%016x", millis);
    }

    static long parseTime(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The parts after the kind prefix of a key: {@code r/did/cid/coll/rkey} gives [did, cid, coll/rkey]. */
    static String[] parts(byte[] key, int count) {
        String s = new String(key, StandardCharsets.UTF_8);
        return s.substring(2).split("/", count);
    }
}
