package dev.pds.core.mst;

import dev.pds.core.data.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * MST keys: repo paths {@code <collection>/<record key>} (repository spec, "Repository Paths").
 * At this level a key is checked for shape only (two non-empty segments of the allowed ASCII
 * characters, at most {@link #MAX_LENGTH}), as the reference implementation does; the repo layer
 * checks that the segments are a valid NSID and record key.
 */
public final class MstKey {
    /** Longest key accepted; the reference implementation's limit for MST keys. */
    public static final int MAX_LENGTH = 1024;

    private MstKey() {
    }

    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        int slash = -1;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                if (slash >= 0) {
                    return false;
                }
                slash = i;
            } else if (!isSegmentChar(c)) {
                return false;
            }
        }
        return slash > 0 && slash < key.length() - 1;
    }

    /** Returns {@code key} or throws {@link MstException} when it is not a valid MST key. */
    public static String requireValid(String key) {
        if (!isValid(key)) {
            throw new MstException("not a valid MST key (repo path): " + abbreviate(key));
        }
        return key;
    }

    private static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
    }

    /**
     * The key's depth in the tree: leading zero bits of SHA-256(key), halved and rounded down
     * (2-bit chunks, fanout 4). Defined on any string, so the spec's examples can be checked.
     */
    public static int height(String key) {
        return height(key.getBytes(StandardCharsets.UTF_8));
    }

    static int height(byte[] key) {
        byte[] hash = Sha256.digest(key);
        int zeros = 0;
        for (byte b : hash) {
            if (b == 0) {
                zeros += 8;
                continue;
            }
            zeros += Integer.numberOfLeadingZeros(b & 0xff) - 24;
            break;
        }
        return zeros / 2;
    }

    /** Number of leading bytes that the UTF-8 forms of {@code a} and {@code b} share. */
    public static int commonPrefixLength(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(x.length, y.length);
        int i = 0;
        while (i < n && x[i] == y[i]) {
            i++;
        }
        return i;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
