package dev.pds.bench.mst;

import dev.pds.core.data.Cid;
import dev.pds.core.data.DagCbor;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/** Random repo paths (random 13-character record keys, so inserts land all over the tree). */
final class MstKeys {
    static final String COLLECTION = "app.bsky.feed.post";
    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

    private MstKeys() {
    }

    static String[] randomKeys(int n, long seed) {
        Random random = new Random(seed);
        Set<String> keys = new LinkedHashSet<>();
        char[] rkey = new char[13];
        while (keys.size() < n) {
            for (int i = 0; i < rkey.length; i++) {
                rkey[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            keys.add(COLLECTION + "/" + new String(rkey));
        }
        return keys.toArray(new String[0]);
    }

    static String rkey(String key) {
        return key.substring(COLLECTION.length() + 1);
    }

    /** A record CID (any dag-cbor CID serves as an MST value). */
    static Cid value(int i) {
        return DagCbor.cidOf(DataMap.of("n", DataValue.of(i)));
    }
}
