/**
 * JWT signing and verification (HS256, ES256K, ES256) on Nimbus JOSE+JWT, with ES256K/ES256
 * backed by our own low-S signatures, and typed refusals: {@link dev.pds.crypto.jwt.ExpiredJwtException}
 * (ExpiredToken) and {@link dev.pds.crypto.jwt.InvalidJwtException} (InvalidToken).
 */
package dev.pds.crypto.jwt;
