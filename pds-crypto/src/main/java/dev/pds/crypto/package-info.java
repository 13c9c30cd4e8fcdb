/**
 * atproto keys and signatures: K-256 and P-256 key pairs ({@link dev.pds.crypto.Keypair}),
 * public keys ({@link dev.pds.crypto.PublicKey}) in SEC 1, did:key and multikey form, and
 * ECDSA over SHA-256 with RFC 6979 nonces and 64-byte low-S {@code r||s} signatures.
 * Bouncy Castle's lightweight API does the arithmetic; the JCA is not used.
 */
package dev.pds.crypto;
