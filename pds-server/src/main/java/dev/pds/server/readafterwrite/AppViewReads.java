package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.server.account.Account;
import java.util.Map;
import java.util.Optional;

/** Queries to the app view on an account's behalf, for the views of what a local post embeds. */
public interface AppViewReads {
    /** Reads nothing: embeds of other records show as not found. */
    AppViewReads NONE = (account, nsid, params) -> Optional.empty();

    /** The app view's JSON answer, or empty when there is none (no app view, an error, a bad answer). */
    Optional<JsonNode> query(Account account, String nsid, Map<String, String> params);
}
