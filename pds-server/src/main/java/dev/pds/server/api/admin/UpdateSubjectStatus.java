package dev.pds.server.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.api.server.AccountEvents;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;

/**
 * {@code com.atproto.admin.updateSubjectStatus} (admin) for accounts, as {@code pdsadmin account
 * takedown} and {@code untakedown} call it: a takedown ends the account's sessions and OAuth
 * grants and reports {@code takendown} on the firehose, in one write; lifting it makes the
 * account active. {@code deactivated} deactivates or activates (never over a takedown). An
 * account has one status here, so lifting a takedown also lifts a deactivation made before it.
 * Record and blob subjects are refused: this server keeps no takedown state for them.
 */
public final class UpdateSubjectStatus extends AdminMethod {
    public static final String NSID = "com.atproto.admin.updateSubjectStatus";
    static final String REPO_REF = "com.atproto.admin.defs#repoRef";

    public UpdateSubjectStatus(AppContext context) {
        super(context, NSID);
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
        if (!REPO_REF.equals(subject.path("$type").asText())) {
            throw XrpcException.invalidRequest("Only account subjects (" + REPO_REF + ") are supported here, not "
                    + subject.path("$type").asText());
        }
        Did did = Did.parse(subject.path("did").asText());
        context.accounts().underLock(did, () -> {
            Account before = context.accounts().byDid(did).orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            AccountStatus status = before.status();
            if (takedown != null) {
                status = takedown.path("applied").asBoolean() ? AccountStatus.TAKENDOWN
                        : status == AccountStatus.TAKENDOWN ? AccountStatus.ACTIVE : status;
            }
            if (deactivated != null && status != AccountStatus.TAKENDOWN) {
                status = deactivated.path("applied").asBoolean() ? AccountStatus.DEACTIVATED : AccountStatus.ACTIVE;
            }
            Account after = before.withStatus(status);
            TableWrites writes = context.accounts().update(before, after);
            if (status == AccountStatus.TAKENDOWN && before.status() != AccountStatus.TAKENDOWN) {
                writes.addAll(endLogins(did));
            }
            // the reference reports the account's status on every call, changed or not
            context.store().writeTables(writes, List.of(context.events().account(did, AccountEvents.statusOf(after)))).join();
            return null;
        });
        ObjectNode out = XrpcJson.object();
        out.set("subject", subject);
        if (takedown != null) {
            out.set("takedown", takedown);
        }
        return XrpcResponse.json(out);
    }
}
