package dev.pds.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reference to a blob from a record. The current form is the map
 * {@code {$type: "blob", ref: <link>, mimeType, size}}; the legacy form {@code {cid: "<string>",
 * mimeType}} (no size, {@link #size()} is -1) is still read where a lexicon expects a blob.
 */
public record BlobRef(Cid ref, String mimeType, long size) {
    public BlobRef {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(mimeType, "mimeType");
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0, or -1 for a legacy ref");
        }
    }

    public boolean isLegacy() {
        return size < 0;
    }

    /** The map this reference is stored as: the typed form, or the legacy form for legacy refs. */
    public DataMap toDataMap() {
        if (isLegacy()) {
            return DataMap.builder().put("cid", ref.toString()).put("mimeType", mimeType).build();
        }
        return DataMap.builder().put("$type", "blob").put("ref", ref).put("mimeType", mimeType).put("size", size).build();
    }

    /** Whether {@code v} is a typed blob map ({@code $type: "blob"}). */
    public static boolean isTypedBlob(DataValue v) {
        return v instanceof DataMap m && "blob".equals(m.getString("$type"));
    }

    /** Reads either form; refuses anything else with the reason. */
    public static BlobRef from(DataValue v) {
        if (!(v instanceof DataMap m)) {
            throw new DataModelException("blob ref must be an object");
        }
        if (m.containsKey("$type")) {
            if (!"blob".equals(m.getString("$type"))) {
                throw new DataModelException("blob ref must have $type \"blob\"");
            }
            if (m.size() != 4) {
                throw new DataModelException("blob ref must have exactly $type, ref, mimeType and size");
            }
            if (!(m.get("ref") instanceof DataLink ref)) {
                throw new DataModelException("blob ref \"ref\" must be a link");
            }
            String mime = m.getString("mimeType");
            if (mime == null) {
                throw new DataModelException("blob ref \"mimeType\" must be a string");
            }
            if (!(m.get("size") instanceof DataInt size) || size.value() < 0) {
                throw new DataModelException("blob ref \"size\" must be a non-negative integer");
            }
            return new BlobRef(ref.cid(), mime, size.value());
        }
        String cid = m.getString("cid");
        String mime = m.getString("mimeType");
        if (m.size() != 2 || cid == null || mime == null) {
            throw new DataModelException("blob ref must be {$type: \"blob\", ref, mimeType, size} or legacy {cid, mimeType}");
        }
        return new BlobRef(Cid.parse(cid), mime, -1);
    }

    /** Every typed blob ref anywhere inside {@code v}, in document order. */
    public static List<BlobRef> findAll(DataValue v) {
        List<BlobRef> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    private static void collect(DataValue v, List<BlobRef> out) {
        if (v instanceof DataMap m) {
            if (isTypedBlob(m)) {
                out.add(from(m));
                return;
            }
            for (int i = 0; i < m.size(); i++) {
                collect(m.valueAt(i), out);
            }
        } else if (v instanceof DataList l) {
            for (DataValue item : l.items()) {
                collect(item, out);
            }
        }
    }
}
