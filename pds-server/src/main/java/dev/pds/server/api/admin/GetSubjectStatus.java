package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.StoredRecord;
import dev.pds.core.syntax.AtUri;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.Optional;

/**
 * {@code com.atproto.admin.getSubjectStatus} (admin), as on the reference: for an account
 * ({@code did}), whether it is taken down (with the takedown's reference) or deactivated; for
 * a record ({@code uri}) or a blob ({@code did} and {@code blob}) stored here, whether it is
 * taken down. A subject not stored here is NotFound.
 */
public final class GetSubjectStatus extends AdminMethod {
    public static final String NSID = "com.atproto.admin.getSubjectStatus";

    public GetSubjectStatus(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Optional<String> did = request.params().string("did");
        Optional<String> uri = request.params().string("uri");
        Optional<String> blob = request.params().string("blob");
        ObjectNode out;
        if (blob.isPresent()) {
            out = blob(Did.parse(did.orElseThrow(() -> XrpcException.invalidRequest("Must provide a did to request blob state"))),
                    Cid.parse(blob.get()));
        } else if (uri.isPresent()) {
            out = record(AtUri.parse(uri.get()));
        } else if (did.isPresent()) {
            out = account(Did.parse(did.get()));
        } else {
            throw XrpcException.invalidRequest("No provided subject");
        }
        if (out == null) {
            throw XrpcException.badRequest("NotFound", "Subject not found");
        }
        return XrpcResponse.json(out);
    }

    private ObjectNode account(Did did) {
        Optional<Account> account = context.accounts().byDid(did);
        if (account.isEmpty()) {
            return null;
        }
        ObjectNode out = XrpcJson.object();
        ObjectNode subject = out.putObject("subject");
        subject.put("$type", UpdateSubjectStatus.REPO_REF);
        subject.put("did", did.toString());
        takedown(out, account.get().status() == AccountStatus.TAKENDOWN ? context.takedowns().account(did) : Optional.empty(),
                account.get().status() == AccountStatus.TAKENDOWN);
        out.putObject("deactivated").put("applied", account.get().status() == AccountStatus.DEACTIVATED);
        return out;
    }

    private ObjectNode record(AtUri uri) {
        if (!uri.isRecord() || !uri.authority().isDid()) {
            return null;
        }
        Did did = Did.parse(uri.authority().toString());
        if (context.accounts().byDid(did).isEmpty() || context.store().head(did).isEmpty()) {
            return null;
        }
        String collection = uri.collection().orElseThrow().toString();
        String rkey = uri.rkey().orElseThrow().toString();
        Optional<StoredRecord> record = context.store().records().getRecord(did, Nsid.parse(collection), RecordKey.parse(rkey));
        if (record.isEmpty()) {
            return null;
        }
        ObjectNode out = XrpcJson.object();
        out.putObject("subject")
                .put("$type", UpdateSubjectStatus.STRONG_REF)
                .put("uri", uri.toString())
                .put("cid", record.get().cid().toString());
        Optional<String> ref = context.takedowns().record(did, collection, rkey);
        takedown(out, ref, ref.isPresent());
        return out;
    }

    private ObjectNode blob(Did did, Cid cid) {
        if (context.accounts().byDid(did).isEmpty() || !context.blobs().isStored(did, cid)) {
            return null;
        }
        ObjectNode out = XrpcJson.object();
        out.putObject("subject")
                .put("$type", UpdateSubjectStatus.BLOB_REF)
                .put("did", did.toString())
                .put("cid", cid.toString());
        Optional<String> ref = context.takedowns().blob(did, cid);
        takedown(out, ref, ref.isPresent());
        return out;
    }

    private static void takedown(ObjectNode out, Optional<String> ref, boolean applied) {
        ObjectNode takedown = out.putObject("takedown").put("applied", applied);
        ref.ifPresent(r -> takedown.put("ref", r));
    }
}
