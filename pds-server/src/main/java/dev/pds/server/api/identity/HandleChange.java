package dev.pds.server.api.identity;

import dev.pds.core.error.XrpcException;
import dev.pds.core.plc.PlcOp;
import dev.pds.core.plc.PlcOperation;
import dev.pds.core.plc.PlcSignatures;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.server.AppContext;
import dev.pds.server.identity.DidDocuments;
import dev.pds.server.account.Account;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.HandleRules;
import java.util.List;
import java.util.Optional;

/**
 * Gives an account a new handle, as the reference PDS does: checked (syntax and TLD; under a
 * service domain the label rules; any other domain must already resolve to the account's DID),
 * then published: for a did:plc a new operation signed with our rotation key goes to the
 * directory first, then the account and its handle index change together with an
 * {@code #identity} event in one durable write. The user's updateHandle and the operator's
 * admin.updateAccountHandle both go through here.
 */
public final class HandleChange {
    private final AppContext context;
    private final AccountStore accounts;
    private final HandleRules rules;

    public HandleChange(AppContext context) {
        this.context = context;
        this.accounts = context.accounts();
        this.rules = new HandleRules(context.config().serviceHandleDomains());
    }

    /**
     * @param byOperator the operator may give a reserved name under a service domain
     * @throws XrpcException InvalidRequest "Account not found", HandleNotAvailable, InvalidHandle...
     */
    public void apply(Did did, String requested, boolean byOperator) {
        String handle = validate(did, requested, byOperator);
        // under the account's lock, shared with every other change of the account (status,
        // deletion), so that none of them writes back a stale copy over this one
        accounts.underLock(did, () -> {
            Account before = accounts.byDid(did)
                    .orElseThrow(() -> XrpcException.invalidRequest("Account not found"));
            Optional<Account> holder = accounts.byHandle(handle);
            if (holder.isPresent() && !holder.get().did().equals(did)) {
                throw XrpcException.badRequest("HandleNotAvailable", "Handle already taken: " + handle);
            }
            // the same handle again still republishes it and logs #identity, which is how a user repairs a missed event
            try (AccountStore.Claim claim = handle.equals(before.handle()) ? () -> { } : accounts.claim(handle, null)) {
                publish(did, handle);
                Account after = before.withHandle(handle);
                context.store().writeTables(accounts.update(before, after),
                        List.of(context.events().identity(did, Handle.parse(handle)))).join();
            }
            return null;
        });
    }

    /** The normalized handle, if the account may take it. */
    private String validate(Did did, String requested, boolean byOperator) {
        String handle = rules.normalize(requested);
        Optional<String> domain = rules.serviceDomainOf(handle);
        if (domain.isPresent()) {
            rules.checkServiceHandle(handle, domain.get(), byOperator);
        } else if (!context.handleResolver().resolve(handle).map(did::equals).orElse(false)) {
            // the reference's words; it has no error name of its own for this
            throw XrpcException.invalidRequest("External handle did not resolve to DID");
        }
        return handle;
    }

    /**
     * Makes the DID document name the handle: a signed PLC operation after the last one. A
     * did:web's owner edits its document: it must name the handle already.
     */
    private void publish(Did did, String handle) {
        if (did.toString().startsWith("did:web:")) {
            boolean named = context.didDocuments().resolveFresh(did.toString()).map(doc -> DidDocuments.names(doc, handle)).orElse(false);
            if (!named) {
                throw XrpcException.invalidRequest("DID is not properly configured for handle");
            }
            return;
        }
        if (!did.toString().startsWith("did:plc:")) {
            throw XrpcException.invalidRequest("DID is not properly configured for handle");
        }
        PlcOp last = context.plc().getLastOp(did.toString());
        PlcOperation next = PlcSignatures.sign(PlcOperation.following(last).withHandle(handle), context.plcRotationKey());
        context.plc().submit(did.toString(), next);
    }
}
