package dev.pds.server.config;

import java.util.Objects;

/**
 * The server's own secrets. {@link #toString()} never shows them, so a config can be logged.
 *
 * @param jwtSecret                  HMAC key for the legacy session tokens
 * @param adminPassword              password of the admin API
 * @param plcRotationKeyK256Hex      the PDS's PLC rotation key, 32 bytes as hex
 */
public record ServerSecrets(String jwtSecret, String adminPassword, String plcRotationKeyK256Hex) {
    public ServerSecrets {
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(plcRotationKeyK256Hex, "plcRotationKeyK256Hex");
    }

    @Override
    public String toString() {
        return "ServerSecrets[redacted]";
    }
}
