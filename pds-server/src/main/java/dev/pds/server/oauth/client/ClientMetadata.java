package dev.pds.server.oauth.client;

import com.nimbusds.jose.jwk.ECKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's metadata after every field was checked ({@link ClientMetadataParser}).
 *
 * @param authMethod   {@code none} (public client) or {@code private_key_jwt} (confidential)
 * @param authAlg      the JWS alg of its client assertions, for confidential clients
 * @param jwks         its public keys, given inline or fetched from {@code jwks_uri}
 * @param scope        every scope it may ask for, space separated
 * @param native       application_type native (custom schemes and loopback redirects) rather than web
 */
public record ClientMetadata(
        ClientId clientId,
        List<String> redirectUris,
        List<String> grantTypes,
        String scope,
        String authMethod,
        Optional<String> authAlg,
        List<ECKey> jwks,
        Optional<String> jwksUri,
        boolean nativeApp,
        Optional<String> clientName,
        Optional<String> clientUri,
        Optional<String> logoUri,
        Optional<String> tosUri,
        Optional<String> policyUri) {

    public static final String NONE = "none";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    public ClientMetadata {
        Objects.requireNonNull(clientId, "clientId");
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
        jwks = List.copyOf(jwks);
    }

    public boolean isConfidential() {
        return authMethod.equals(PRIVATE_KEY_JWT);
    }

    public boolean allowsRefresh() {
        return grantTypes.contains("refresh_token");
    }

    /** The virtual metadata of a loopback development client (OAuth spec, "Localhost Client Development"). */
    public static ClientMetadata loopback(ClientId id) {
        return new ClientMetadata(id, id.loopbackRedirectUris(), List.of("authorization_code", "refresh_token"),
                id.loopbackScope().orElse("atproto"), NONE, Optional.empty(), List.of(), Optional.empty(), true,
                Optional.of("Development client"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
