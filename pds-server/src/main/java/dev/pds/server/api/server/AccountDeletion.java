package dev.pds.server.api.server;

import dev.pds.core.events.AccountStatus;
import dev.pds.core.store.TableWrites;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.oauth.token.GrantStore;
import dev.pds.server.preferences.PreferenceStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting an account, for the operator (admin.deleteAccount) and for its owner
 * (server.deleteAccount): the account, its repo, sessions, app passwords, OAuth grants,
 * preferences, blob metadata and references, mail codes, takedowns, and the {@code #account} event with
 * status {@code deleted} go in ONE synced write, so a crash leaves either the whole account or
 * none of it; the blob files go after that write. Then, as the reference does, the account's
 * earlier events leave the firehose's log and memory (all but the deletion notice), so a later
 * subscriber cannot replay its records; a retry erases whatever a crash left.
 */
public final class AccountDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDeletion.class);

    private final AppContext context;
    private final Firehose firehose;

    public AccountDeletion(AppContext context, Firehose firehose) {
        this.context = context;
        this.firehose = firehose;
    }

    /** The writes that end all of an account's logins: password sessions (access tokens too) and OAuth grants. */
    public static TableWrites endLogins(AppContext context, Did did) {
        return context.sessions().forgetAccount(did).addAll(new GrantStore(context.store()).forgetAccount(did.toString()));
    }

    /**
     * Deletes the account if it is here; {@code check} runs first, under the account's lock, on
     * the account as it is then, and gives writes for the same batch (a used mail code) or throws.
     * Answers whether an account was deleted.
     */
    public boolean delete(Did did, Function<Account, TableWrites> check) {
        boolean deleted = context.accounts().underLock(did, () -> {
            Optional<Account> account = context.accounts().byDid(did);
            if (account.isEmpty()) {
                return false;
            }
            TableWrites rows = check.apply(account.get())
                    .addAll(context.accounts().delete(account.get()))
                    .addAll(endLogins(context, did))
                    .addAll(context.appPasswords().forgetAccount(did))
                    .addAll(new PreferenceStore(context.store()).delete(did))
                    .addAll(context.blobs().forgetAccount(did))
                    .addAll(context.emailTokens().forgetAccount(did))
                    .addAll(context.takedowns().forgetAccount(did))
                    .addAll(context.invites().forgetAccount(did));
            var events = List.of(context.events().account(did, AccountStatus.DELETED));
            if (context.store().head(did).isPresent()) {
                context.store().deleteRepo(did, rows, events).join();
            } else {
                context.store().writeTables(rows, events).join();
            }
            context.writer().forgetKey(did);
            return true;
        });
        int files = context.blobs().deleteFiles(did);
        long events = firehose.eraseAccount(did.toString());
        if (deleted) {
            LOG.info("deleted account {} ({} blob files, {} firehose events)", did, files, events);
        }
        return deleted;
    }
}
