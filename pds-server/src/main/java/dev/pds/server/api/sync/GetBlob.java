package dev.pds.server.api.sync;

import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.blob.StoredBlob;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code com.atproto.sync.getBlob}: the bytes of a blob a record of the account references,
 * streamed from its file. Browsers must never run or render them as a page of ours: the
 * answer forbids type sniffing, asks for a download and sandboxes anything that would run.
 * A single byte range is honoured (206, or 416 past the end); the CID is the ETag. A blob a
 * moderator took down is not found.
 */
public final class GetBlob implements XrpcMethod {
    public static final String NSID = "com.atproto.sync.getBlob";
    static final String CSP = "default-src 'none'; sandbox";

    private final AppContext context;

    public GetBlob(AppContext context) {
        this.context = context;
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public AuthRequirement auth() {
        // the account itself may read its blobs while deactivated or taken down
        return AuthRequirement.OPTIONAL_EXPORT;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) throws IOException {
        String did = request.params().string("did").orElseThrow();
        RepoAccess.available(context.accounts(), did, request.credentials());
        Cid cid = Cid.parse(request.params().string("cid").orElseThrow());
        if (context.takedowns().blob(Did.parse(did), cid).isPresent()) {
            // as on the reference, a blob taken down is not found, even by its owner or the operator
            throw XrpcException.invalidRequest("Blob not found");
        }
        StoredBlob blob = context.blobs().open(Did.parse(did), cid)
                .orElseThrow(() -> XrpcException.invalidRequest("Blob not found"));
        String etag = "\"" + cid + "\"";
        Optional<String> range = request.header("range");
        Optional<String> ifRange = request.header("if-range");
        if (ifRange.isPresent() && !ifRange.get().equals(etag)) {
            range = Optional.empty();
        }
        ByteRange.Request asked = ByteRange.parse(range, blob.size());
        XrpcResponse response;
        if (asked instanceof ByteRange.Part part) {
            response = XrpcResponse.file(blob.mimeType(), blob.file(), part.range().first(), part.range().length())
                    .withStatus(206)
                    .withHeader("content-range", "bytes " + part.range().first() + "-" + part.range().last() + "/" + blob.size());
        } else if (asked instanceof ByteRange.Unsatisfiable) {
            blob.file().close();
            response = XrpcResponse.bytes(XrpcResponse.JSON, XrpcJson.errorBody("InvalidRange",
                            "Range not satisfiable: the blob has " + blob.size() + " bytes"))
                    .withStatus(416)
                    .withHeader("content-range", "bytes */" + blob.size());
        } else {
            response = XrpcResponse.file(blob.mimeType(), blob.file(), 0, blob.size());
        }
        return response
                .withHeader("x-content-type-options", "nosniff")
                .withHeader("content-disposition", "attachment; filename=\"" + cid + "\"")
                .withHeader("content-security-policy", CSP)
                .withHeader("accept-ranges", "bytes")
                .withHeader("etag", etag);
    }
}
