package dev.pds.server.account;

import dev.pds.core.syntax.Did;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.time.Instant;
import java.util.Objects;

/**
 * One hosted account, as kept in the accounts table. The handle and email are stored in
 * lower case, which is what makes them unique regardless of case.
 *
 * @param signingKeyHex the account's K-256 repo signing key (private, hex)
 * @param passwordHash  a {@link PasswordHasher} string; never the password
 */
public record Account(
        Did did,
        String handle,
        String email,
        boolean emailConfirmed,
        String passwordHash,
        String signingKeyHex,
        Instant createdAt,
        AccountStatus status) {

    public Account {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(signingKeyHex, "signingKeyHex");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }

    public Keypair signingKey() {
        return Keypair.fromPrivateKeyHex(Curve.K256, signingKeyHex);
    }

    public Account withHandle(String newHandle) {
        return new Account(did, newHandle, email, emailConfirmed, passwordHash, signingKeyHex, createdAt, status);
    }

    public Account withStatus(AccountStatus newStatus) {
        return new Account(did, handle, email, emailConfirmed, passwordHash, signingKeyHex, createdAt, newStatus);
    }

    public Account withPasswordHash(String newHash) {
        return new Account(did, handle, email, emailConfirmed, newHash, signingKeyHex, createdAt, status);
    }

    public Account withEmail(String newEmail, boolean confirmed) {
        return new Account(did, handle, newEmail, confirmed, passwordHash, signingKeyHex, createdAt, status);
    }

    @Override
    public String toString() {
        return "Account[" + did + " @" + handle + " " + status + "]";
    }
}
