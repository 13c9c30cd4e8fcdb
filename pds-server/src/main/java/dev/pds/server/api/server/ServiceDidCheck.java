package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.plc.PlcState;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.identity.DidDocuments;
import java.util.Optional;

/**
 * Whether an account's DID document names this server as the reference requires before
 * activating an account: our public URL as the PDS endpoint, the account's signing key as its
 * #atproto key, and for a did:plc our rotation key among the rotation keys (a did:web's owner
 * edits its document by hand, so it has none). Read afresh, not from a cache.
 */
final class ServiceDidCheck {
    private ServiceDidCheck() {
    }

    /** What is wrong with the account's DID document, in the reference's words; empty when nothing. */
    static Optional<String> problem(AppContext context, Account account) {
        String did = account.did().toString();
        if (did.startsWith("did:web:")) {
            Optional<JsonNode> doc = context.didDocuments().resolveFresh(did);
            if (doc.isEmpty()) {
                return Optional.of("Could not resolve DID");
            }
            return contents(context, account, DidDocuments.pdsEndpoint(doc.get()).orElse(null),
                    DidDocuments.verificationKey(doc.get(), "atproto").orElse(null));
        }
        if (!did.startsWith("did:plc:")) {
            return Optional.of("Could not resolve DID");
        }
        PlcState state;
        try {
            state = context.plc().getData(did);
        } catch (RuntimeException e) {
            return Optional.of("Could not resolve DID");
        }
        if (!state.rotationKeys().contains(context.plcRotationKey().didKey())) {
            return Optional.of("Server rotation key not included in PLC DID data");
        }
        return contents(context, account, state.pdsEndpoint(), state.atprotoSigningKey());
    }

    private static Optional<String> contents(AppContext context, Account account, String pdsEndpoint, String signingKey) {
        if (!context.config().publicUrl().equals(pdsEndpoint)) {
            return Optional.of("DID document atproto_pds service endpoint does not match PDS public url");
        }
        if (!account.signingKey().didKey().equals(signingKey)) {
            return Optional.of("DID document verification method does not match expected signing key");
        }
        return Optional.empty();
    }
}
