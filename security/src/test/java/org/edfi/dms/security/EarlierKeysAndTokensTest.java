package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.security.TokenVerification.Valid;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A key stored and a token signed by the hand-written JOSE code that came before Nimbus JOSE+JWT
 * (earlier-key-and-token.properties): an upgraded node reads the stored key as it is, verifies the
 * tokens already issued until they expire, and publishes the same key set.
 */
class EarlierKeysAndTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-12-01T12:00:00Z");

    private static Properties earlier;
    private static MutableClock clock;
    private static JsonWebTokens tokens;

    @BeforeAll
    static void storedKey() throws IOException {
        earlier = new Properties();
        try (InputStream in = EarlierKeysAndTokensTest.class.getResourceAsStream("earlier-key-and-token.properties")) {
            earlier.load(in);
        }
        Jdbi jdbi = ConfigDatabase.create("earlier_keys_test");
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO dms_security.signing_key (kid, private_key, public_key, created_at, retire_after)
                VALUES (:kid, :private, :public, :created, NULL)""")
                .bind("kid", earlier.getProperty("kid"))
                .bind("private", earlier.getProperty("private_key"))
                .bind("public", earlier.getProperty("public_key"))
                .bind("created", Instant.parse(earlier.getProperty("created_at")).atOffset(ZoneOffset.UTC))
                .execute());
        clock = new MutableClock(ISSUED.plus(Duration.ofMinutes(10)));
        tokens = new JsonWebTokens(new SigningKeys(new SigningKeyStore(jdbi), Duration.ofMinutes(30), clock));
    }

    @Test
    void aTokenIssuedBeforeStillVerifiesToItsClaims() {
        TokenClaims claims = assertInstanceOf(Valid.class, tokens.verify(earlier.getProperty("token"))).claims();

        assertEquals("legacyclient00000001", claims.clientId());
        assertEquals("sis-vendor", claims.claimSet());
        assertEquals(List.of(new InstanceId("district-a", "255901-2024")), claims.instances());
        assertEquals(List.of("uri://gbisd.edu"), claims.namespacePrefixes());
        assertEquals(List.of(255901L), claims.educationOrganizationIds());
        assertEquals(ISSUED, claims.issuedAt());
        assertEquals(ISSUED.plus(Duration.ofMinutes(30)), claims.expiresAt());
        assertNull(claims.ownershipToken(), "issued before tokens carried one: OwnershipBased refuses it until the client asks again");
    }

    @Test
    void theStoredKeyGoesOnSigningAndIsPublishedAsBefore() throws Exception {
        assertEquals(earlier.getProperty("kid"), tokens.keys().signingKey().kid());
        RSAKey published = (RSAKey) JWKSet.parse(earlier.getProperty("jwks")).getKeys().getFirst();
        assertEquals(List.of(published), tokens.keys().jwks().getKeys(), "the same kty, use, alg, kid, n and e");

        SignedJWT token = SignedJWT.parse(tokens.issue(new Grant("abc123", "SISVendor", List.of(), List.of(), List.of()), Duration.ofMinutes(30)));
        assertEquals(earlier.getProperty("kid"), token.getHeader().getKeyID());
        assertTrue(token.verify(new RSASSAVerifier(published)), "a gateway holding the key set from before verifies new tokens");
    }
}
