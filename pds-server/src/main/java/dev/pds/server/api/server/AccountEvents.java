package dev.pds.server.api.server;

import dev.pds.server.account.Account;

/** Account statuses as {@code #account} events report them. */
public final class AccountEvents {
    private AccountEvents() {
    }

    public static dev.pds.core.events.AccountStatus statusOf(Account account) {
        return switch (account.status()) {
            case ACTIVE -> dev.pds.core.events.AccountStatus.ACTIVE;
            case DEACTIVATED -> dev.pds.core.events.AccountStatus.DEACTIVATED;
            case TAKENDOWN -> dev.pds.core.events.AccountStatus.TAKENDOWN;
            case SUSPENDED -> dev.pds.core.events.AccountStatus.SUSPENDED;
        };
    }
}
