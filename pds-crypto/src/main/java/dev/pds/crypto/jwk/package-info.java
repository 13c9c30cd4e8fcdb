/** Our keys as JSON Web Keys (Nimbus {@code ECKey}), for DPoP, OAuth and JWKS documents. */
package dev.pds.crypto.jwk;
