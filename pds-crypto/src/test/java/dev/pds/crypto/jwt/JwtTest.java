package dev.pds.crypto.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwtTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Keypair K256 = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
    private static final Keypair P256 = Keypair.fromPrivateKeyHex(Curve.P256,
            "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("did:plc:alice")
                .audience("did:web:pds.example")
                .subject("did:plc:alice")
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("lxm", "com.atproto.repo.createRecord");
    }

    private static JwtVerifier at(JwtVerifier v, Instant when) {
        return v.withClock(Clock.fixed(when, ZoneOffset.UTC));
    }

    @Test
    void hs256RoundTrip() {
        String token = JwtSigner.hs256(SECRET).sign("at+jwt", claims().build());
        VerifiedJwt jwt = JwtVerifier.hs256(SECRET).withClock(CLOCK).withAudience("did:web:pds.example")
                .withIssuer("did:plc:alice").withType("at+jwt").verify(token);
        assertEquals("did:plc:alice", jwt.claims().getSubject());
        assertEquals("at+jwt", jwt.type());
        assertEquals(JWSAlgorithm.HS256, jwt.header().getAlgorithm());
        assertEquals("com.atproto.repo.createRecord", jwt.claims().getClaim("lxm"));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void ecdsaRoundTripIsLowS(Curve curve) {
        Keypair key = curve == Curve.K256 ? K256 : P256;
        JwtSigner signer = JwtSigner.ecdsa(key);
        assertEquals(curve.jwtAlgorithm(), signer.algorithm());
        String token = signer.sign(claims().build());
        VerifiedJwt jwt = JwtVerifier.ecdsa(key.publicKey()).withClock(CLOCK).withAudience("did:web:pds.example")
                .verify(token);
        assertEquals(curve.jwtAlgorithm(), jwt.header().getAlgorithm().getName());
        byte[] sig = new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
        assertEquals(64, sig.length);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        BigInteger halfOrder = curve == Curve.K256
                ? new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16)
                : new BigInteger("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8", 16);
        assertTrue(s.compareTo(halfOrder) <= 0, "JWT signatures are low-S");
        assertEquals(token, signer.sign(claims().build()), "deterministic signatures");
    }

    @Test
    void rfc7515HighSExampleIsAcceptedByDefaultAndRefusedWhenLowSIsRequired() {
        // RFC 7515 A.3: a valid ES256 JWS whose s happens to be high
        String header = "eyJhbGciOiJFUzI1NiJ9";
        String payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
                + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        String sig = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
        String token = header + "." + payload + "." + sig;
        JwtVerifier verifier = at(JwtVerifier.ecdsa(dev.pds.crypto.jwk.Jwks.parsePublicKey(
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                        + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}")),
                Instant.ofEpochSecond(1300819380 - 10));
        VerifiedJwt ok = verifier.verify(token);
        assertEquals("joe", ok.claims().getIssuer());
        assertEquals(Boolean.TRUE, ok.claims().getClaim("http://example.com/is_root"));
        assertThrows(InvalidJwtException.class, () -> verifier.withLowSRequired().verify(token));

        byte[] rs = new Base64URL(sig).decode();
        BigInteger n = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
        BigInteger lowS = n.subtract(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
        byte[] fixed = Arrays.copyOf(rs, 64);
        byte[] sBytes = lowS.toByteArray();
        Arrays.fill(fixed, 32, 64, (byte) 0);
        int len = Math.min(sBytes.length, 32);
        System.arraycopy(sBytes, sBytes.length - len, fixed, 64 - len, len);
        String lowToken = header + "." + payload + "." + Base64URL.encode(fixed);
        assertEquals("joe", verifier.withLowSRequired().verify(lowToken).claims().getIssuer());
        // the payload is not ours to tamper with in either form
        String tampered = header + "." + payload.replace('b', 'c') + "." + sig;
        assertThrows(InvalidJwtException.class, () -> verifier.verify(tampered));
    }

    @Test
    void maxAgeRequiresAFreshIat() {
        // a DPoP-style proof: iat and jti, no exp
        String token = JwtSigner.ecdsa(P256).sign("dpop+jwt", new JWTClaimsSet.Builder()
                .issueTime(Date.from(NOW)).jwtID("abc").claim("htm", "POST").build());
        JwtVerifier v = JwtVerifier.ecdsa(P256.publicKey()).withExpirationRequired(false)
                .withMaxAge(Duration.ofSeconds(60)).withType("dpop+jwt");
        at(v, NOW.plusSeconds(60)).verify(token);
        assertThrows(InvalidJwtException.class,
                () -> at(v, NOW.plusSeconds(61).plus(JwtVerifier.DEFAULT_CLOCK_SKEW)).verify(token));
        String noIat = JwtSigner.ecdsa(P256).sign("dpop+jwt", new JWTClaimsSet.Builder().jwtID("abc").build());
        assertThrows(InvalidJwtException.class, () -> at(v, NOW).verify(noIat));
        assertThrows(IllegalArgumentException.class, () -> v.withMaxAge(Duration.ofSeconds(-1)));
    }

    @Test
    void expiredTokenIsExpiredNotInvalid() {
        String token = JwtSigner.ecdsa(K256).sign(claims().build());
        JwtVerifier v = JwtVerifier.ecdsa(K256.publicKey());
        at(v, NOW.plusSeconds(60)).verify(token);
        at(v, NOW.plusSeconds(60).plus(JwtVerifier.DEFAULT_CLOCK_SKEW)).verify(token); // within skew
        assertThrows(ExpiredJwtException.class,
                () -> at(v, NOW.plusSeconds(61).plus(JwtVerifier.DEFAULT_CLOCK_SKEW)).verify(token));
        assertThrows(ExpiredJwtException.class,
                () -> at(v.withClockSkew(Duration.ZERO), NOW.plusSeconds(61)).verify(token));
        JwtException e = assertThrows(JwtException.class, () -> at(v, NOW.plusSeconds(3600)).verify(token));
        assertTrue(e instanceof ExpiredJwtException && e instanceof CryptoException);
    }

    @Test
    void forgedExpiredTokenIsInvalidNotExpired() {
        String token = JwtSigner.ecdsa(Keypair.generate(Curve.K256)).sign(claims().build());
        assertThrows(InvalidJwtException.class,
                () -> at(JwtVerifier.ecdsa(K256.publicKey()), NOW.plusSeconds(3600)).verify(token));
    }

    @Test
    void timeClaimsInTheFutureAreRefused() {
        JwtVerifier v = JwtVerifier.hs256(SECRET).withClock(CLOCK);
        JwtSigner s = JwtSigner.hs256(SECRET);
        String issuedLater = s.sign(claims().issueTime(Date.from(NOW.plusSeconds(300)))
                .expirationTime(Date.from(NOW.plusSeconds(600))).build());
        assertThrows(InvalidJwtException.class, () -> v.verify(issuedLater));
        String issuedSlightlyLater = s.sign(claims().issueTime(Date.from(NOW.plusSeconds(5))).build());
        v.verify(issuedSlightlyLater); // within skew
        String notYet = s.sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(120)))
                .expirationTime(Date.from(NOW.plusSeconds(600))).build());
        assertThrows(InvalidJwtException.class, () -> v.verify(notYet));
        at(v, NOW.plusSeconds(120)).verify(notYet);
    }

    @Test
    void audienceIssuerAndTypeAreCheckedWhenAsked() {
        String token = JwtSigner.hs256(SECRET).sign("refresh+jwt", claims().build());
        JwtVerifier v = JwtVerifier.hs256(SECRET).withClock(CLOCK);
        v.verify(token); // nothing asked, nothing checked
        assertThrows(InvalidJwtException.class, () -> v.withAudience("did:web:other.example").verify(token));
        assertThrows(InvalidJwtException.class, () -> v.withIssuer("did:plc:bob").verify(token));
        assertThrows(InvalidJwtException.class, () -> v.withType("at+jwt").verify(token));
        v.withAudience("did:web:pds.example").withIssuer("did:plc:alice").withType("refresh+jwt").verify(token);

        String noAud = JwtSigner.hs256(SECRET).sign(claims().audience((String) null).build());
        assertThrows(InvalidJwtException.class, () -> v.withAudience("did:web:pds.example").verify(noAud));
        String noType = JwtSigner.hs256(SECRET).sign(claims().build());
        assertThrows(InvalidJwtException.class, () -> v.withType("at+jwt").verify(noType));
        String twoAud = JwtSigner.hs256(SECRET).sign(claims()
                .audience(java.util.List.of("did:web:a.example", "did:web:pds.example")).build());
        v.withAudience("did:web:pds.example").verify(twoAud);
    }

    @Test
    void missingExpIsRefusedUnlessAllowed() {
        String token = JwtSigner.hs256(SECRET).sign(claims().expirationTime(null).build());
        JwtVerifier v = JwtVerifier.hs256(SECRET).withClock(CLOCK);
        assertThrows(InvalidJwtException.class, () -> v.verify(token));
        v.withExpirationRequired(false).verify(token);
    }

    @Test
    void wrongKeyIsRefused() {
        String hs = JwtSigner.hs256(SECRET).sign(claims().build());
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.hs256(otherSecret).withClock(CLOCK).verify(hs));
        String es = JwtSigner.ecdsa(K256).sign(claims().build());
        assertThrows(InvalidJwtException.class,
                () -> JwtVerifier.ecdsa(Keypair.generate(Curve.K256).publicKey()).withClock(CLOCK).verify(es));
    }

    @Test
    void algorithmConfusionIsRefused() {
        String hs = JwtSigner.hs256(SECRET).sign(claims().build());
        String k = JwtSigner.ecdsa(K256).sign(claims().build());
        String p = JwtSigner.ecdsa(P256).sign(claims().build());
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.ecdsa(K256.publicKey()).withClock(CLOCK).verify(hs));
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.ecdsa(P256.publicKey()).withClock(CLOCK).verify(k));
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.ecdsa(K256.publicKey()).withClock(CLOCK).verify(p));
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.hs256(SECRET).withClock(CLOCK).verify(k));
        // the classic attack: HMAC keyed with the public key's bytes, labelled as the EC alg
        byte[] pubAsSecret = K256.publicKey().uncompressed();
        String forged = JwtSigner.hs256(pubAsSecret).sign(claims().build());
        String relabelled = Base64URL.encode("{\"alg\":\"ES256K\"}") + forged.substring(forged.indexOf('.'));
        assertThrows(InvalidJwtException.class,
                () -> JwtVerifier.ecdsa(K256.publicKey()).withClock(CLOCK).verify(relabelled));
    }

    @Test
    void unsecuredTokensAreRefused() {
        String payload = Base64URL.encode(claims().build().toString()).toString();
        String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + payload + ".";
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.hs256(SECRET).withClock(CLOCK).verify(none));
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.ecdsa(K256.publicKey()).withClock(CLOCK).verify(none));
    }

    @Test
    void tamperedPayloadOrSignatureIsRefused() {
        for (JwtSigner signer : new JwtSigner[] {JwtSigner.hs256(SECRET), JwtSigner.ecdsa(K256)}) {
            JwtVerifier v = signer.algorithm().equals("HS256") ? JwtVerifier.hs256(SECRET)
                    : JwtVerifier.ecdsa(K256.publicKey());
            JwtVerifier verifier = v.withClock(CLOCK);
            String token = signer.sign(claims().build());
            String[] parts = token.split("\\.");
            String evilPayload = Base64URL.encode(claims().subject("did:plc:mallory").build().toString()).toString();
            assertThrows(InvalidJwtException.class, () -> verifier.verify(parts[0] + "." + evilPayload + "." + parts[2]));
            char last = parts[2].charAt(5);
            String badSig = parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
            assertThrows(InvalidJwtException.class, () -> verifier.verify(parts[0] + "." + parts[1] + "." + badSig));
            assertThrows(InvalidJwtException.class, () -> verifier.verify(parts[0] + "." + parts[1] + "."));
            assertThrows(InvalidJwtException.class, () -> verifier.verify(parts[0] + "." + parts[1]));
        }
    }

    @Test
    void criticalHeaderExtensionsAreRefused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256K).criticalParams(Set.of("exp-ext"))
                .customParam("exp-ext", 1).build();
        String token = JwtSigner.ecdsa(K256).sign(header, claims().build());
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.ecdsa(K256.publicKey()).withClock(CLOCK).verify(token));
        JWSHeader hsHeader = new JWSHeader.Builder(JWSAlgorithm.HS256).criticalParams(Set.of("exp-ext"))
                .customParam("exp-ext", 1).build();
        String hs = JwtSigner.hs256(SECRET).sign(hsHeader, claims().build());
        assertThrows(InvalidJwtException.class, () -> JwtVerifier.hs256(SECRET).withClock(CLOCK).verify(hs));
    }

    @Test
    void garbageAndOversizedTokensAreInvalid() {
        JwtVerifier v = JwtVerifier.hs256(SECRET).withClock(CLOCK);
        for (String bad : new String[] {"", "abc", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.eyJ.x"}) {
            assertThrows(InvalidJwtException.class, () -> v.verify(bad), bad);
        }
        String huge = "a".repeat(JwtVerifier.MAX_TOKEN_LENGTH + 1);
        assertThrows(InvalidJwtException.class, () -> v.verify(huge));
        // payload that is not a JSON object
        String notClaims = JwtSigner.hs256(SECRET).sign(claims().build());
        String arrayPayload = notClaims.substring(0, notClaims.indexOf('.') + 1) + Base64URL.encode("[1]") + ".x";
        assertThrows(InvalidJwtException.class, () -> v.verify(arrayPayload));
    }

    @Test
    void signerRefusesMismatchedHeadersAndShortSecrets() {
        assertThrows(CryptoException.class, () -> JwtSigner.hs256(new byte[31]));
        assertThrows(CryptoException.class, () -> JwtVerifier.hs256(new byte[31]));
        JWSHeader es256 = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build();
        assertThrows(CryptoException.class, () -> JwtSigner.ecdsa(K256).sign(es256, claims().build()));
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.hs256(SECRET).withClockSkew(Duration.ofSeconds(-1)));
    }

    @Test
    void unverifiedParseReadsIssuerForKeyLookup() {
        String token = JwtSigner.ecdsa(K256).sign(claims().build());
        UnverifiedJwt u = UnverifiedJwt.parse(token);
        assertEquals("did:plc:alice", u.claims().getIssuer());
        assertEquals("ES256K", u.algorithm());
        assertThrows(InvalidJwtException.class, () -> UnverifiedJwt.parse("not a jwt"));
    }
}
