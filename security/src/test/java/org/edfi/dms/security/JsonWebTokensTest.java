package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.TokenVerification.Invalid;
import org.edfi.dms.security.TokenVerification.Reason;
import org.edfi.dms.security.TokenVerification.Valid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing and verifying access tokens, and every way a token is refused. */
class JsonWebTokensTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Grant GRANT = new Grant("abc123", "SISVendor",
            List.of(new InstanceId("district-a", "255901-2024"), new InstanceId("district-a", "255901-2025")),
            List.of("uri://ed-fi.org", "uri://grandbend.edu"), List.of(255901L, 255901001L));

    private static MutableClock clock;
    private static JsonWebTokens tokens;

    @BeforeAll
    static void keys() {
        clock = MutableClock.now();
        SigningKeys keys = new SigningKeys(new SigningKeyStore(ConfigDatabase.create("jwt_test")), Duration.ofMinutes(30), clock);
        keys.ensureKey();
        tokens = new JsonWebTokens(keys);
    }

    private static TokenClaims claims() {
        return TokenClaims.issue(GRANT, clock.instant(), Duration.ofMinutes(30));
    }

    private static Invalid refused(String token) {
        return assertInstanceOf(Invalid.class, tokens.verify(token));
    }

    /** A token of any header and payload, signed by our signing key as RS256 would be. */
    private static String signed(ObjectNode header, ObjectNode payload) throws Exception {
        String input = B64.encodeToString(MessageCodec.encode(header)) + "." + B64.encodeToString(MessageCodec.encode(payload));
        PrivateKey key = tokens.keys().signingKey().privateKey();
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rsa.sign());
    }

    private static ObjectNode header() {
        return MessageCodec.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", tokens.keys().signingKey().kid());
    }

    private static ObjectNode json(String part) throws Exception {
        return (ObjectNode) MessageCodec.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
    }

    /** The payload a token of these claims carries, to change before {@link #signed}. */
    private static ObjectNode payload(TokenClaims claims) {
        return MessageCodec.MAPPER.valueToTree(claims.toClaimsSet().toJSONObject());
    }

    @Test
    void aSignedTokenVerifiesToTheSameClaims() throws Exception {
        TokenClaims claims = claims();
        String token = tokens.sign(claims);

        assertEquals(claims, assertInstanceOf(Valid.class, tokens.verify(token)).claims());
        String[] parts = token.split("\\.");
        assertEquals(MessageCodec.MAPPER.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + tokens.keys().signingKey().kid() + "\"}"),
                json(parts[0]), "the header, in any order");
        ObjectNode payload = json(parts[1]);
        assertEquals("edfi-dms", payload.get("iss").asText());
        assertEquals("abc123", payload.get("sub").asText());
        assertEquals("abc123", payload.get("client_id").asText());
        assertEquals(claims.tokenId(), payload.get("jti").asText());
        assertEquals(claims.issuedAt().getEpochSecond(), payload.get("iat").asLong());
        assertEquals(claims.issuedAt().getEpochSecond() + 1800, payload.get("exp").asLong());
        assertEquals("SISVendor", payload.get("claim_set").asText());
        assertEquals("[\"district-a/255901-2024\",\"district-a/255901-2025\"]", payload.get("instances").toString());
        assertEquals("[\"uri://ed-fi.org\",\"uri://grandbend.edu\"]", payload.get("namespace_prefixes").toString());
        assertEquals("[255901,255901001]", payload.get("education_organization_ids").toString());
        assertTrue(claims.reaches(new InstanceId("district-a", "255901-2025")));
        assertTrue(!claims.reaches(new InstanceId("district-b", "255901-2025")));
    }

    @Test
    void theApplicationsOwnershipTokenTravelsAsAClaimOfItsOwnAndATokenWithoutOneVerifies() throws Exception {
        Grant owned = new Grant("abc123", "SISVendor", List.of(), List.of(), List.of(), Instant.EPOCH, "7");
        String token = tokens.issue(owned, Duration.ofMinutes(30));
        assertEquals("7", json(token.split("\\.")[1]).get("ownership_token").asText());
        assertEquals("7", assertInstanceOf(Valid.class, tokens.verify(token)).claims().ownershipToken());

        String without = tokens.sign(claims());
        assertTrue(!json(without.split("\\.")[1]).has("ownership_token"), "a grant without one: no claim");
        assertEquals(null, assertInstanceOf(Valid.class, tokens.verify(without)).claims().ownershipToken());
        ObjectNode notText = payload(claims());
        notText.putArray("ownership_token");
        assertEquals(Reason.MALFORMED, refused(signed(header(), notText)).reason());
    }

    @Test
    void aChangedPayloadBreaksTheSignature() throws Exception {
        String[] parts = tokens.sign(claims()).split("\\.");
        ObjectNode payload = json(parts[1]).put("claim_set", "full-access");
        String forged = parts[0] + "." + B64.encodeToString(MessageCodec.encode(payload)) + "." + parts[2];
        assertEquals(Reason.BAD_SIGNATURE, refused(forged).reason());
    }

    @Test
    void aChangedSignatureIsRefused() {
        String token = tokens.sign(claims());
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 1;
        assertEquals(Reason.BAD_SIGNATURE, refused(parts[0] + "." + parts[1] + "." + B64.encodeToString(signature)).reason());
        byte[] shorter = java.util.Arrays.copyOf(signature, 100);
        assertEquals(Reason.BAD_SIGNATURE, refused(parts[0] + "." + parts[1] + "." + B64.encodeToString(shorter)).reason());
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String[] parts = tokens.sign(claims()).split("\\.");
        for (String alg : new String[] {"none", "None", "RS512", "ES256", ""}) {
            ObjectNode header = header().put("alg", alg);
            String encoded = B64.encodeToString(MessageCodec.encode(header));
            assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(encoded + "." + parts[1] + ".").reason(), alg);
            assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(encoded + "." + parts[1] + "." + parts[2]).reason(), alg);
        }
        ObjectNode noAlg = header();
        noAlg.remove("alg");
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(B64.encodeToString(MessageCodec.encode(noAlg)) + "." + parts[1] + "." + parts[2]).reason());
    }

    /** The classic confusion: an HMAC whose secret is the public key, which anybody can fetch from the JWKS. */
    @Test
    void anHs256TokenKeyedWithThePublicKeyIsRefused() throws Exception {
        String[] parts = tokens.sign(claims()).split("\\.");
        String input = B64.encodeToString(MessageCodec.encode(header().put("alg", "HS256"))) + "." + parts[1];
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(tokens.keys().signingKey().publicKey().getEncoded(), "HmacSHA256"));
        String forged = input + "." + B64.encodeToString(hmac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(forged).reason());
    }

    @Test
    void aTokenOfAnUnknownKeyIsRefused() throws Exception {
        ObjectNode payload = payload(claims());
        assertEquals(Reason.UNKNOWN_KEY, refused(signed(header().put("kid", "someone-elses"), payload)).reason());
        ObjectNode noKid = header();
        noKid.remove("kid");
        assertEquals(Reason.MALFORMED, refused(signed(noKid, payload)).reason());
    }

    @Test
    void aTokenIsValidUntilItExpiresGivingClocksThirtySecondsOfLeeway() {
        String token = tokens.sign(TokenClaims.issue(GRANT, clock.instant(), Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(60 + 29));
        try {
            assertInstanceOf(Valid.class, tokens.verify(token));
            clock.advance(Duration.ofSeconds(2));
            Invalid expired = refused(token);
            assertEquals(Reason.EXPIRED, expired.reason());
            assertTrue(expired.description().startsWith("the token expired at "), expired.description());
        } finally {
            clock.advance(Duration.ofSeconds(-91));
        }
    }

    @Test
    void aTokenIssuedInTheFutureOrNotYetValidIsRefused() throws Exception {
        String early = tokens.sign(TokenClaims.issue(GRANT, clock.instant().plusSeconds(120), Duration.ofMinutes(30)));
        assertEquals(Reason.NOT_YET_VALID, refused(early).reason());
        String slightlyEarly = tokens.sign(TokenClaims.issue(GRANT, clock.instant().plusSeconds(20), Duration.ofMinutes(30)));
        assertInstanceOf(Valid.class, tokens.verify(slightlyEarly), "within the leeway");
        ObjectNode notBefore = payload(claims()).put("nbf", clock.instant().plusSeconds(120).getEpochSecond());
        assertEquals(Reason.NOT_YET_VALID, refused(signed(header(), notBefore)).reason());
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        assertEquals(Reason.WRONG_ISSUER, refused(signed(header(), payload(claims()).put("iss", "someone-else"))).reason());
        ObjectNode noIssuer = payload(claims());
        noIssuer.remove("iss");
        assertEquals(Reason.WRONG_ISSUER, refused(signed(header(), noIssuer)).reason());
    }

    @Test
    void malformedTokensAreRefusedAsSuch() throws Exception {
        String pairs = B64.encodeToString("[[\"alg\",\"RS256\"],[\"kid\",\"k\"]]".getBytes(StandardCharsets.UTF_8));
        for (String token : new String[] {"", "abc", "a.b", "a.b.c.d", "!!!.###.$$$", "bm90IGpzb24.e30.e30", "W10.e30.e30", pairs + ".e30.e30"}) {
            assertEquals(Reason.MALFORMED, refused(token).reason(), token);
        }
        ObjectNode missingClaim = payload(claims());
        missingClaim.remove("claim_set");
        Invalid invalid = refused(signed(header(), missingClaim));
        assertEquals(Reason.MALFORMED, invalid.reason());
        assertTrue(invalid.description().contains("claim_set"), invalid.description());
        assertEquals(Reason.MALFORMED, refused(signed(header(), payload(claims()).put("instances", "district-a/2024"))).reason());
        assertEquals(Reason.MALFORMED, refused("x".repeat(20_000)).reason());
    }

    /** Nimbus's base64 decoding skips characters outside the alphabet: the same signature bytes must not make a second valid token. */
    @Test
    void aTokenWithCharactersOutsideBase64urlIsRefusedThoughItsDecodedBytesVerify() {
        String token = tokens.sign(claims());
        for (String changed : new String[] {token + "!", token.replaceFirst("\\.", ".~"), token.substring(0, 20) + "=" + token.substring(20), token + "="}) {
            assertEquals(Reason.MALFORMED, refused(changed).reason(), changed);
        }
    }

    @Test
    void aRefusalBecomesABearerChallengeWithoutQuotesInItsDescription() {
        Invalid invalid = new Invalid(Reason.MALFORMED, "the \"claim\" is\nbad\\");
        assertEquals("Bearer realm=\"edfi\", error=\"invalid_token\", error_description=\"the 'claim' is'bad'\"", invalid.wwwAuthenticate());
    }

    @Test
    void theBearerTokenIsReadFromTheAuthorizationHeader() {
        assertEquals(Optional.of("abc.def.ghi"), JsonWebTokens.bearerToken("Bearer abc.def.ghi"));
        assertEquals(Optional.of("abc.def.ghi"), JsonWebTokens.bearerToken("bearer   abc.def.ghi "));
        assertEquals(Optional.empty(), JsonWebTokens.bearerToken("Basic YWJjOmRlZg=="));
        assertEquals(Optional.empty(), JsonWebTokens.bearerToken("Bearer "));
        assertEquals(Optional.empty(), JsonWebTokens.bearerToken(null));
        assertEquals("Bearer realm=\"edfi\"", JsonWebTokens.BEARER_CHALLENGE, "the challenge when there is no token");
    }
}
