package dev.pds.server.blob;

import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps the three things that change a blob's fate from racing: an upload (file, then
 * metadata), a commit's check that the blobs it references exist, and the sweeper's deletion
 * (file, then metadata). Each holds the blob's lock while it reads and writes. A commit's
 * table writes become durable after its check, outside any lock, so the check also pins the
 * blob: the sweeper leaves pinned blobs alone for {@link #PIN_MILLIS}, by which time the commit
 * is durable (and its reference visible) or has failed.
 */
final class BlobGuard {
    /** Far longer than a commit takes to become durable, even on a busy machine. */
    static final long PIN_MILLIS = 60 * 1000L;
    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final ConcurrentHashMap<String, Long> pins = new ConcurrentHashMap<>();

    BlobGuard() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    <T> T locked(Did did, Cid cid, Supplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod(key(did, cid).hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void pin(Did did, Cid cid, long nowMillis) {
        pins.merge(key(did, cid), nowMillis, Math::max);
    }

    boolean pinned(Did did, Cid cid, long nowMillis) {
        Long at = pins.get(key(did, cid));
        return at != null && nowMillis - at < PIN_MILLIS;
    }

    /** Forgets pins older than the pin time. */
    void prune(long nowMillis) {
        pins.values().removeIf(at -> nowMillis - at >= PIN_MILLIS);
    }

    int pinCount() {
        return pins.size();
    }

    private static String key(Did did, Cid cid) {
        return did + "/" + cid;
    }
}
