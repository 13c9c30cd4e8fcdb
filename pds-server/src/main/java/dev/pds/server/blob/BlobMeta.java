package dev.pds.server.blob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import java.util.Objects;

/**
 * What the server knows of a stored blob besides its bytes.
 *
 * @param mimeType   sniffed from the bytes, or as the uploader declared it
 * @param size       bytes
 * @param uploadedAt epoch milliseconds of the last upload (a temporary blob expires from there)
 */
record BlobMeta(String mimeType, long size, long uploadedAt) {
    BlobMeta {
        Objects.requireNonNull(mimeType, "mimeType");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }

    byte[] encode() {
        ObjectNode json = XrpcJson.object();
        json.put("mimeType", mimeType);
        json.put("size", size);
        json.put("uploadedAt", uploadedAt);
        return XrpcJson.write(json);
    }

    static BlobMeta decode(byte[] bytes) {
        JsonNode json = XrpcJson.parse(bytes);
        return new BlobMeta(json.get("mimeType").asText(), json.get("size").asLong(), json.get("uploadedAt").asLong());
    }
}
