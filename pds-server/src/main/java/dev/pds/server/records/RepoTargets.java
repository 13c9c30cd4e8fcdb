package dev.pds.server.records;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import dev.pds.server.account.AccountStore;
import dev.pds.server.auth.Credentials;
import java.util.Objects;
import java.util.Optional;

/**
 * The account a {@code repo} parameter (handle or DID) names, looked up the way each kind of
 * method needs it, with the reference PDS's error names: writers must own the repo, readers
 * see only active accounts, describeRepo says why a repo is unavailable.
 */
public final class RepoTargets {
    private final AccountStore accounts;

    public RepoTargets(AccountStore accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /**
     * The caller's own repo. 403 AccountNotFound when no account has that name, 401
     * AccountTakedown / AccountDeactivated when it may not be written, 401
     * AuthenticationRequired when it belongs to someone else.
     */
    public Account writable(Credentials caller, String repo) {
        Account account = accounts.find(repo)
                .orElseThrow(() -> new XrpcException(ErrorStatus.FORBIDDEN, "AccountNotFound", "Account not found"));
        if (account.status() == AccountStatus.TAKENDOWN || account.status() == AccountStatus.SUSPENDED) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountTakedown", "Account has been taken down");
        }
        if (account.status() == AccountStatus.DEACTIVATED) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AccountDeactivated", "Account is deactivated");
        }
        if (caller.did() == null || !caller.did().equals(account.did())) {
            throw new XrpcException(ErrorStatus.AUTHENTICATION_REQUIRED, "AuthenticationRequired", "Authentication Required");
        }
        return account;
    }

    /** An active hosted account, for record reads; empty for unknown, deactivated or taken-down ones. */
    public Optional<Account> readable(String repo) {
        return accounts.find(repo).filter(a -> a.status().isActive());
    }

    /** Any hosted account that may be described: 400 RepoNotFound, RepoTakendown or RepoDeactivated otherwise. */
    public Account describable(String repo) {
        Account account = accounts.find(repo)
                .orElseThrow(() -> XrpcException.badRequest("RepoNotFound", "Could not find repo for DID: " + repo));
        if (account.status() == AccountStatus.TAKENDOWN || account.status() == AccountStatus.SUSPENDED) {
            throw XrpcException.badRequest("RepoTakendown", "Repo has been takendown: " + repo);
        }
        if (account.status() == AccountStatus.DEACTIVATED) {
            throw XrpcException.badRequest("RepoDeactivated", "Repo has been deactivated: " + repo);
        }
        return account;
    }
}
