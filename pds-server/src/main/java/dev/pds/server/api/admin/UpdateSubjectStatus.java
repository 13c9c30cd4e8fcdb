package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.AtUri;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.server.AppContext;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.api.server.AccountEvents;
import dev.pds.server.moderation.Takedowns;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code com.atproto.admin.updateSubjectStatus} (admin), as {@code pdsadmin account takedown}
 * and a moderation service call it.
 * <ul>
 * <li>An account ({@code repoRef}): a takedown ends its sessions and OAuth grants and reports
 * {@code takendown} on the firehose, in one write; lifting it makes the account active.
 * {@code deactivated} deactivates or activates (never over a takedown). An account has one
 * status here, so lifting a takedown also lifts a deactivation made before it.
 * <li>A record ({@code strongRef}) or a blob ({@code repoBlobRef}) of an account here: its
 * takedown is kept in {@link dev.pds.server.moderation.Takedowns}. As on the reference, a
 * takedown of a subject not stored here is answered as if made and nothing is kept; a lift
 * always clears what is kept.
 * </ul>
 */
public final class UpdateSubjectStatus extends AdminMethod {
    public static final String NSID = "com.atproto.admin.updateSubjectStatus";
    static final String REPO_REF = "com.atproto.admin.defs#repoRef";
    static final String STRONG_REF = "com.atproto.repo.strongRef";
    static final String BLOB_REF = "com.atproto.admin.defs#repoBlobRef";

    public UpdateSubjectStatus(AppContext context) {
        super(context, NSID, AuthRequirement.MODERATOR);
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        JsonNode in = request.json();
        JsonNode subject = in.path("subject");
        JsonNode takedown = in.get("takedown");
        JsonNode deactivated = in.get("deactivated");
        if (takedown != null && takedown.path("applied").asBoolean() && deactivated != null && !deactivated.path("applied").asBoolean()) {
            throw XrpcException.invalidRequest("Cannot activate and takedown an account at the same time");
        }
        String type = subject.path("$type").asText();
        switch (type) {
            case REPO_REF -> updateAccount(Did.parse(subject.path("did").asText()), takedown, deactivated);
            case STRONG_REF -> {
                if (takedown != null) {
                    takedownRecord(AtUri.parse(subject.path("uri").asText()), takedown);
                }
            }
            case BLOB_REF -> {
                if (takedown != null) {
                    takedownBlob(Did.parse(subject.path("did").asText()), Cid.parse(subject.path("cid").asText()), takedown);
                }
            }
            default -> throw XrpcException.invalidRequest("Invalid subject (" + type + ")");
        }
        ObjectNode out = XrpcJson.object();
        out.set("subject", subject);
        if (takedown != null) {
            out.set("takedown", takedown);
        }
        return XrpcResponse.json(out);
    }

    private void updateAccount(Did did, JsonNode takedown, JsonNode deactivated) {
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did).orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            AccountStatus status = before.status();
            TableWrites writes = TableWrites.create();
            if (takedown != null) {
                boolean applied = takedown.path("applied").asBoolean();
                status = applied ? AccountStatus.TAKENDOWN
                        : status == AccountStatus.TAKENDOWN ? AccountStatus.ACTIVE : status;
                writes.addAll(context.takedowns().setAccount(did, applied ? Optional.of(ref(takedown)) : Optional.empty()));
            }
            if (deactivated != null && status != AccountStatus.TAKENDOWN) {
                status = deactivated.path("applied").asBoolean() ? AccountStatus.DEACTIVATED : AccountStatus.ACTIVE;
            }
            Account after = before.withStatus(status);
            writes.addAll(context.accounts().update(before, after));
            if (status == AccountStatus.TAKENDOWN && before.status() != AccountStatus.TAKENDOWN) {
                writes.addAll(endLogins(did));
            }
            // the reference reports the account's status on every call, changed or not
            context.store().writeTables(writes, List.of(context.events().account(did, AccountEvents.statusOf(after)))).join();
            return null;
        });
    }

    private void takedownRecord(AtUri uri, JsonNode takedown) {
        if (!uri.isRecord() || !uri.authority().isDid()) {
            throw XrpcException.invalidRequest("The subject's uri must name a record by the account's DID: " + uri);
        }
        Did did = Did.parse(uri.authority().toString());
        String collection = uri.collection().orElseThrow().toString();
        String rkey = uri.rkey().orElseThrow().toString();
        Optional<String> ref = takedown.path("applied").asBoolean() ? Optional.of(ref(takedown)) : Optional.empty();
        context.accounts().underLock(did, () -> {
            // a lift always clears what is kept, so a record deleted since can be freed too
            boolean stored = ref.isEmpty() || context.accounts().byDid(did).isPresent() && context.store().head(did).isPresent()
                    && context.store().records().getRecord(did, Nsid.parse(collection), RecordKey.parse(rkey)).isPresent();
            if (stored) {
                context.store().writeTables(context.takedowns().setRecord(did, collection, rkey, ref), List.of()).join();
            }
            return null;
        });
    }

    private void takedownBlob(Did did, Cid cid, JsonNode takedown) {
        Optional<String> ref = takedown.path("applied").asBoolean() ? Optional.of(ref(takedown)) : Optional.empty();
        context.accounts().underLock(did, () -> {
            if (ref.isEmpty() || context.accounts().byDid(did).isPresent() && context.blobs().isStored(did, cid)) {
                context.store().writeTables(context.takedowns().setBlob(did, cid, ref), List.of()).join();
            }
            return null;
        });
    }

    private String ref(JsonNode takedown) {
        JsonNode ref = takedown.get("ref");
        return Takedowns.refOrNow(ref == null || ref.isNull() ? Optional.empty() : Optional.of(ref.asText()), context.clock().instant());
    }
}
