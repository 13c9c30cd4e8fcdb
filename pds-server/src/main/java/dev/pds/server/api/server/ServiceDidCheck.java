package dev.pds.server.api.server;

import dev.pds.core.plc.PlcState;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import java.util.Optional;

/**
 * Whether an account's DID document names this server as the reference requires before
 * activating an account: our rotation key among the rotation keys, our public URL as the PDS
 * endpoint, and the account's signing key as its #atproto key.
 */
final class ServiceDidCheck {
    private ServiceDidCheck() {
    }

    /** What is wrong with the account's DID document, in the reference's words; empty when nothing. */
    static Optional<String> problem(AppContext context, Account account) {
        String did = account.did().toString();
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
        if (!context.config().publicUrl().equals(state.pdsEndpoint())) {
            return Optional.of("DID document atproto_pds service endpoint does not match PDS public url");
        }
        if (!account.signingKey().didKey().equals(state.atprotoSigningKey())) {
            return Optional.of("DID document verification method does not match expected signing key");
        }
        return Optional.empty();
    }
}
