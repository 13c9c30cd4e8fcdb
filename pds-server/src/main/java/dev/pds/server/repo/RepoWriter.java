package dev.pds.server.repo;

import dev.pds.core.data.Cid;
import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.store.AppliedCommit;
import dev.pds.core.store.CommitEvents;
import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.store.RepoStore;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way the server writes to a hosted repo: signs with the account's key, logs the
 * commit's firehose events in the same batch, and waits until the commit is durable. Every
 * write path (records, account creation, imports) goes through here so none can forget the
 * events.
 */
public final class RepoWriter {
    private static final int MAX_CACHED_KEYS = 10_000;

    private final RepoStore store;
    private final FirehoseEvents events;
    /** Parsed signing keys: deriving the public point costs about as much as a signature. */
    private final Map<Did, Keypair> keys = new ConcurrentHashMap<>();

    public RepoWriter(RepoStore store, FirehoseEvents events) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Creates the account's repo with its first, empty commit, and the given table writes, durably,
     * with the events of an account's creation ({@code #identity}, {@code #account}, {@code #commit},
     * {@code #sync}, as the reference PDS logs them).
     */
    public AppliedCommit createRepo(Account account, CommitTableWrites tables) {
        CommitEvents creation = events.accountCreation(Handle.parse(account.handle()));
        return join(store.createRepo(account.did(), signingKey(account), creation, tables));
    }

    /**
     * Creates the repo of an account moving here, with its first, empty commit and the given
     * table writes, durably, announcing nothing: the account is deactivated until its repo is
     * imported and its DID points here, and its activation announces it.
     */
    public AppliedCommit createRepoQuietly(Account account, CommitTableWrites tables) {
        return join(store.createRepo(account.did(), signingKey(account), CommitEvents.NONE, tables));
    }

    /**
     * Replaces the account's records with those of a verified export from its previous server,
     * as one commit signed with the account's key here. An account not yet active announces
     * nothing (its activation will); an active one logs a {@code #sync} event with the new
     * commit, so relays fetch the repo again instead of missing the change.
     */
    public AppliedCommit importRepo(Account account, VerifiedRepo imported, CommitTableWrites tables) {
        CommitEvents announce = account.status() != AccountStatus.ACTIVE ? CommitEvents.NONE
                : r -> List.of(events.sync(account.did(), r.commitBlock(), r.rev()));
        return join(store.importRepo(account.did(), imported.data(), imported.rev(), imported.blocks(),
                signingKey(account), announce, tables));
    }

    /**
     * Applies writes as one commit, durably. Client errors (InvalidSwap, RecordNotFound...) are
     * thrown as {@link dev.pds.core.error.XrpcException}.
     */
    public AppliedCommit apply(Account account, List<WriteOp> writes, Cid swapCommit, CommitTableWrites tables) {
        // waits on this thread, which writes the commit itself when the store is idle
        return store.applyWritesAndWait(account.did(), writes, swapCommit, signingKey(account), events, tables);
    }

    /**
     * The account's repo signing key, parsed once and kept: commits, proxied calls and service
     * tokens all sign with it.
     */
    public Keypair signingKey(Account account) {
        Keypair cached = keys.get(account.did());
        if (cached != null) {
            return cached;
        }
        if (keys.size() >= MAX_CACHED_KEYS) {
            keys.clear();
        }
        Keypair key = account.signingKey();
        keys.put(account.did(), key);
        return key;
    }

    /** Forgets a cached key (after a key rotation or account deletion). */
    public void forgetKey(Did did) {
        keys.remove(did);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
