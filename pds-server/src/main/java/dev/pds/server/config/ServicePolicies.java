package dev.pds.server.config;

import java.util.Objects;
import java.util.Optional;

/** Operator contact and policy documents, all optional ({@code PDS_CONTACT_EMAIL_ADDRESS}, ...). */
public record ServicePolicies(
        Optional<String> contactEmail, Optional<String> privacyPolicyUrl, Optional<String> termsOfServiceUrl) {
    public ServicePolicies {
        Objects.requireNonNull(contactEmail, "contactEmail");
        Objects.requireNonNull(privacyPolicyUrl, "privacyPolicyUrl");
        Objects.requireNonNull(termsOfServiceUrl, "termsOfServiceUrl");
    }

    public static ServicePolicies none() {
        return new ServicePolicies(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
