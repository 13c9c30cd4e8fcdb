package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.BlobRef;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.blob.BlobStore;
import dev.pds.server.ratelimit.RateLimits;
import dev.pds.server.xrpc.RouteLimit;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code com.atproto.repo.uploadBlob}: stores the body as a temporary blob of the caller and
 * answers its reference, to be put in a record. The body reaches here already streamed to a
 * file, never whole in memory, and no larger than {@code PDS_BLOB_UPLOAD_LIMIT}.
 */
public final class UploadBlob implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.uploadBlob";

    private final BlobStore blobs;

    public UploadBlob(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public List<RouteLimit> rateLimits() {
        return List.of(RouteLimit.perIp(RateLimits.UPLOAD_DAY));
    }

    @Override
    public AuthRequirement auth() {
        return AuthRequirement.ACCESS;
    }

    @Override
    public long maxStreamedBodyBytes() {
        return blobs.uploadLimit();
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) throws IOException {
        String contentType = request.header("content-type").orElse("");
        // OAuth clients need a blob scope for the declared type (password sessions may upload anything)
        request.auth().permissions().assertBlob(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
        BlobRef ref = blobs.upload(request.auth().requireDid(), request.body(), contentType);
        ObjectNode blob = XrpcJson.object();
        blob.put("$type", "blob");
        blob.putObject("ref").put("$link", ref.ref().toString());
        blob.put("mimeType", ref.mimeType());
        blob.put("size", ref.size());
        ObjectNode out = XrpcJson.object();
        out.set("blob", blob);
        return XrpcResponse.json(out);
    }
}
