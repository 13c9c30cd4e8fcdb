package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.BlobRef;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthScope;
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
 * file, never whole in memory, and no larger than {@code PDS_BLOB_UPLOAD_LIMIT}. Besides an
 * access token it takes the account's own service JWT for this method, as the reference does:
 * the official app asks getServiceAuth for one and gives it to the video service, which uploads
 * the processed video here with it.
 */
public final class UploadBlob implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.uploadBlob";

    private final BlobStore blobs;
    private final AccountStore accounts;

    public UploadBlob(BlobStore blobs, AccountStore accounts) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
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
        return AuthRequirement.ACCESS_OR_USER_SERVICE;
    }

    @Override
    public long maxStreamedBodyBytes() {
        return blobs.uploadLimit();
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) throws IOException {
        if (request.auth().scope() == AuthScope.USER_SERVICE) {
            // a session proves the account is here and not taken down; a service JWT does not
            Account account = accounts.byDid(request.auth().requireDid())
                    .orElseThrow(() -> XrpcException.badRequest("AccountNotFound", "Account not found"));
            if (account.status() == AccountStatus.TAKENDOWN) {
                throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
            }
        }
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
