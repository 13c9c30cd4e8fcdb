package dev.pds.server.api.admin;

import dev.pds.core.events.AccountStatus;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.preferences.PreferenceStore;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code com.atproto.admin.deleteAccount} (admin): removes a hosted account for good. The
 * repo, the account's rows (account, handle and email indexes, sessions and refresh tokens,
 * app passwords, OAuth sessions, preferences, blob metadata and references) and the
 * {@code #account} event with status {@code deleted} go in ONE synced write, so a crash leaves
 * either the whole account or none of it; the blob files go after that write. Deleting an
 * account that is not here answers success, as the reference does, so an operator can retry;
 * a retry also removes blob files a crash left behind. Then, as the reference does, the
 * account's earlier events leave the firehose's log and memory (all but the deletion notice),
 * so a later subscriber cannot replay its records; a retry erases whatever a crash left.
 */
public final class DeleteAccount extends AdminMethod {
    public static final String NSID = "com.atproto.admin.deleteAccount";
    private static final Logger LOG = LoggerFactory.getLogger(DeleteAccount.class);

    private final Firehose firehose;

    public DeleteAccount(AppContext context, Firehose firehose) {
        super(context, NSID);
        this.firehose = firehose;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Did did = Did.parse(request.json().path("did").asText());
        boolean deleted = context.accounts().underLock(did, () -> {
            Optional<Account> account = context.accounts().byDid(did);
            if (account.isEmpty()) {
                return false;
            }
            TableWrites rows = context.accounts().delete(account.get())
                    .addAll(endLogins(did))
                    .addAll(context.appPasswords().forgetAccount(did))
                    .addAll(new PreferenceStore(context.store()).delete(did))
                    .addAll(context.blobs().forgetAccount(did));
            var events = List.of(context.events().account(did, AccountStatus.DELETED));
            if (context.store().head(did).isPresent()) {
                context.store().deleteRepo(did, rows, events).join();
            } else {
                context.store().writeTables(rows, events).join();
            }
            return true;
        });
        int files = context.blobs().deleteFiles(did);
        long events = firehose.eraseAccount(did.toString());
        if (deleted) {
            LOG.info("deleted account {} ({} blob files, {} firehose events)", did, files, events);
        }
        return XrpcResponse.empty();
    }
}
