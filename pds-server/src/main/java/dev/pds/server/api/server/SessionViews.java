package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.core.syntax.Did;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.auth.Credentials;
import dev.pds.server.identity.DidDocuments;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The account fields that createAccount, createSession, getSession and refreshSession share. */
final class SessionViews {
    private static final Logger LOG = LoggerFactory.getLogger(SessionViews.class);

    private SessionViews() {
    }

    /** Fills did, handle, email, emailConfirmed, emailAuthFactor, active and status. */
    static void putAccount(ObjectNode out, Account account) {
        out.put("did", account.did().toString());
        out.put("handle", account.handle());
        out.put("email", account.email());
        out.put("emailConfirmed", account.emailConfirmed());
        out.put("emailAuthFactor", false);
        out.put("active", account.status().isActive());
        if (!account.status().isActive()) {
            out.put("status", account.status().wireName());
        }
    }

    /** App password management is for password sessions only, as in the reference. */
    static void refuseOAuth(Credentials caller) {
        if (caller.isOAuth()) {
            throw new XrpcException(ErrorStatus.FORBIDDEN, "Forbidden", "OAuth credentials are not supported for this endpoint");
        }
    }

    /**
     * The account's DID document (from the directory, or a did:web's host as read in the last
     * few minutes), when it answers and names this server as the PDS; sessions work without it.
     * The official client sends its later calls to the PDS the document names, so a document
     * naming another server (an account still moving here, or one that moved away) is left out
     * rather than sending the client there.
     */
    static Optional<ObjectNode> didDoc(AppContext context, Did did) {
        try {
            Optional<JsonNode> doc = did.toString().startsWith("did:plc:")
                    ? Optional.of(context.plc().getDocument(did.toString()))
                    : context.didDocuments().resolve(did.toString());
            return doc.filter(d -> d.isObject() && DidDocuments.pdsEndpoint(d).equals(Optional.of(context.config().publicUrl())))
                    .map(d -> (ObjectNode) d);
        } catch (RuntimeException e) {
            LOG.debug("DID document of {} unavailable: {}", did, e.toString());
            return Optional.empty();
        }
    }
}
