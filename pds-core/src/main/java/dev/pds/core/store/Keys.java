package dev.pds.core.store;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds and reads the keys of every column family. Per-repo data is prefixed by the repo's
 * 4-byte id (big-endian, so one repo's keys are contiguous and a whole repo is one key range);
 * the DID itself appears only in {@link ColumnFamily#REPOS}. Collection and rkey are joined by
 * a 0x00 byte, which neither may contain and which sorts below every character they may.
 */
public final class Keys {
    static final byte SEPARATOR = 0;
    /** Length of the repo id that prefixes every per-repo key. */
    static final int REPO_ID_BYTES = 4;
    static final byte[] META_LAST_SEQ = ascii("seq");
    static final byte[] META_NEXT_REPO_ID = ascii("next_repo_id");
    /** The lowest sequence number retention keeps (events below it were pruned). */
    static final byte[] META_RETAINED_FROM = ascii("retained_from");
    /** The layout version of the stored data ({@link StoreFormat}); absent in format 1. */
    static final byte[] META_FORMAT = ascii("format");
    /** While an upgrade runs: the last block key already rewritten in the new format. */
    static final byte[] META_UPGRADE_PROGRESS = ascii("format_upgrade_progress");

    private Keys() {
    }

    static byte[] repo(Did did) {
        return did.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] repo(String did) {
        return did.getBytes(StandardCharsets.UTF_8);
    }

    static String repoDid(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The 4-byte prefix of everything stored for one repo. */
    static byte[] repoPrefix(int repoId) {
        byte[] k = new byte[4];
        putInt(k, 0, repoId);
        return k;
    }

    /**
     * The first key after every key of {@code repoId} (exclusive end of a range delete). Id
     * 0xFFFFFFFF has no such key, so it is never given out.
     */
    static byte[] repoPrefixEnd(int repoId) {
        if (repoId == -1) {
            throw new IllegalArgumentException("repo id 0xFFFFFFFF is reserved");
        }
        return repoPrefix(repoId + 1);
    }

    static byte[] block(int repoId, Cid cid) {
        byte[] k = new byte[4 + cid.byteLength()];
        putInt(k, 0, repoId);
        cid.copyTo(k, 4);
        return k;
    }

    static Cid blockCid(byte[] key) {
        return Cid.fromBytes(Arrays.copyOfRange(key, 4, key.length));
    }

    static byte[] record(int repoId, String collection, String rkey) {
        byte[] c = collection.getBytes(StandardCharsets.US_ASCII);
        byte[] r = rkey.getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[4 + c.length + 1 + r.length];
        putInt(k, 0, repoId);
        System.arraycopy(c, 0, k, 4, c.length);
        k[4 + c.length] = SEPARATOR;
        System.arraycopy(r, 0, k, 5 + c.length, r.length);
        return k;
    }

    /** The prefix shared by every record key of one collection of one repo. */
    static byte[] collectionPrefix(int repoId, String collection) {
        return record(repoId, collection, "");
    }

    /** The rkey part of a record key whose collection prefix is {@code prefixLength} long. */
    static String recordRkey(byte[] key, int prefixLength) {
        return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.US_ASCII);
    }

    static byte[] recordRef(int repoId, Cid cid) {
        return block(repoId, cid);
    }

    static byte[] event(long seq) {
        byte[] k = new byte[8];
        putLong(k, 0, seq);
        return k;
    }

    static long eventSeq(byte[] key) {
        return getLong(key, 0);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** A rev (a TID, 13 ASCII characters) as stored: byte order is rev order. */
    static byte[] revValue(String rev) {
        return ascii(rev);
    }

    static byte[] longValue(long v) {
        return event(v);
    }

    static byte[] intValue(int v) {
        return repoPrefix(v);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
