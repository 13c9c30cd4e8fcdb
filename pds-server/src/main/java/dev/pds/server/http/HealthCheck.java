package dev.pds.server.http;

import java.util.Optional;

/**
 * What {@code GET /xrpc/_health} asks before it answers: a problem makes the answer 503, as the
 * reference PDS answers when its database fails, so that a supervisor can restart the server.
 */
@FunctionalInterface
public interface HealthCheck {
    /** Why the server cannot do its work, if it cannot. */
    Optional<String> problem();
}
