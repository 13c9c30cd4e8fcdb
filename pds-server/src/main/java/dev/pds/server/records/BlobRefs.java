package dev.pds.server.records;

import dev.pds.core.data.BlobRef;
import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataString;
import dev.pds.core.data.DataValue;
import dev.pds.core.error.XrpcException;
import java.util.ArrayList;
import java.util.List;

/**
 * The blobs a record references, found anywhere in it. Legacy references ({@code {cid,
 * mimeType}}) are refused in new writes, as the reference PDS does, so that every stored
 * reference carries a size to check against the upload.
 */
final class BlobRefs {
    private BlobRefs() {
    }

    static List<BlobRef> of(DataMap record) {
        List<BlobRef> out = new ArrayList<>();
        collect(record, out);
        return out;
    }

    private static void collect(DataValue v, List<BlobRef> out) {
        if (v instanceof DataMap m) {
            if (BlobRef.isTypedBlob(m)) {
                out.add(BlobRef.from(m));
                return;
            }
            if (isLegacy(m)) {
                throw XrpcException.invalidRequest("Legacy blobs are not allowed (" + m.getString("cid") + ")");
            }
            m.forEach((key, value) -> collect(value, out));
        } else if (v instanceof DataList l) {
            for (DataValue item : l.items()) {
                collect(item, out);
            }
        }
    }

    /** The legacy shape: exactly a string {@code cid} and a string {@code mimeType}. */
    private static boolean isLegacy(DataMap m) {
        return m.size() == 2 && m.get("cid") instanceof DataString && m.get("mimeType") instanceof DataString;
    }
}
