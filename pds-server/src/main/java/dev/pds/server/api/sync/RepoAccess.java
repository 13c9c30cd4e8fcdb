package dev.pds.server.api.sync;

import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.Credentials;
import java.util.Optional;

/**
 * Whether a repo may be read through {@code com.atproto.sync.*}: its account must exist, and
 * unless the caller is the account itself or the admin, it must be active. Error names and
 * messages are the reference PDS's ({@code assertRepoAvailability}).
 */
final class RepoAccess {
    private RepoAccess() {
    }

    /** The account of {@code did}, when its repo may be served to {@code caller}. */
    static Account available(AccountStore accounts, String did, Optional<Credentials> caller) {
        Account account = exists(accounts, did);
        boolean selfOrAdmin = caller.map(c -> c.isAdmin() || account.did().equals(c.did())).orElse(false);
        if (selfOrAdmin) {
            return account;
        }
        switch (account.status()) {
            case TAKENDOWN -> throw XrpcException.badRequest("RepoTakendown", "Repo has been takendown: " + did);
            case SUSPENDED -> throw XrpcException.badRequest("RepoSuspended", "Repo has been suspended: " + did);
            case DEACTIVATED -> throw XrpcException.badRequest("RepoDeactivated", "Repo has been deactivated: " + did);
            case ACTIVE -> {
            }
        }
        return account;
    }

    /** The account of {@code did} whatever its status; RepoNotFound when there is none. */
    static Account exists(AccountStore accounts, String did) {
        return accounts.byDid(Did.parse(did))
                .orElseThrow(() -> XrpcException.badRequest("RepoNotFound", "Could not find repo for DID: " + did));
    }
}
