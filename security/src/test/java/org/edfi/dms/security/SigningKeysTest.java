package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.TokenVerification.Invalid;
import org.edfi.dms.security.TokenVerification.Reason;
import org.edfi.dms.security.TokenVerification.Valid;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys in the shared table: the first key, rotation without downtime, and nodes that learn of each other's keys. */
class SigningKeysTest {

    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Grant GRANT = new Grant("abc123", "EdFiAPIPublisherReader", List.of(new InstanceId("district-a", "2024")), List.of(), List.of());

    private static Jdbi jdbi;
    private MutableClock clock;
    private SigningKeys keys;
    private JsonWebTokens tokens;

    @BeforeAll
    static void database() {
        jdbi = ConfigDatabase.create("keys_test");
    }

    @BeforeEach
    void emptyTable() {
        jdbi.useHandle(h -> h.execute("DELETE FROM dms_security.signing_key"));
        clock = MutableClock.now();
        keys = node();
        tokens = new JsonWebTokens(keys);
    }

    /** Another API node over the same table and clock. */
    private SigningKeys node() {
        return new SigningKeys(new SigningKeyStore(jdbi), LIFETIME, clock);
    }

    private static int rows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dms_security.signing_key").mapTo(Integer.class).one());
    }

    private static List<String> kids(JWKSet jwks) {
        return jwks.getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static String kid(String token) throws Exception {
        return MessageCodecs.json(token.split("\\.")[0]).get("kid").asText();
    }

    @Test
    void thereIsNoSigningKeyUntilTheFirstIsEnsuredAndNodesStartingTogetherMakeOne() throws Exception {
        assertThrows(IllegalStateException.class, keys::signingKey);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SigningKey>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SigningKeys node = node();
                starts.add(pool.submit((Callable<SigningKey>) node::ensureKey));
            }
            String kid = starts.getFirst().get().kid();
            for (Future<SigningKey> start : starts) {
                assertEquals(kid, start.get().kid(), "every node signs with the one key");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, rows());
        assertEquals(keys.ensureKey().kid(), node().ensureKey().kid(), "ensuring again changes nothing");
        assertEquals(1, rows());
    }

    @Test
    void afterARotationTheNewKeySignsAndTokensOfTheOldOneStillVerify() throws Exception {
        SigningKey first = keys.ensureKey();
        String before = tokens.issue(GRANT, LIFETIME);
        clock.advance(Duration.ofSeconds(1));

        SigningKey second = keys.rotate();

        assertNotEquals(first.kid(), second.kid());
        assertEquals(second.kid(), keys.signingKey().kid());
        String after = tokens.issue(GRANT, LIFETIME);
        assertEquals(second.kid(), kid(after));
        assertEquals(first.kid(), kid(before));
        assertInstanceOf(Valid.class, tokens.verify(before));
        assertInstanceOf(Valid.class, tokens.verify(after));
        assertEquals(List.of(second.kid(), first.kid()), kids(keys.jwks()));
        assertEquals(clock.instant().plus(LIFETIME).plus(SigningKeys.CLOCK_SKEW), keys.keys().get(1).retireAfter().orElseThrow(),
                "the old key verifies until its last token has expired, and a minute more");
        assertTrue(keys.keys().getFirst().retireAfter().isEmpty());
    }

    @Test
    void aRetiredKeyNoLongerVerifiesIsNoLongerPublishedAndIsDeletedByTheNextRotation() throws Exception {
        SigningKey first = keys.ensureKey();
        String before = tokens.issue(GRANT, LIFETIME);
        clock.advance(Duration.ofSeconds(1));
        SigningKey second = keys.rotate();

        clock.advance(LIFETIME.plus(SigningKeys.CLOCK_SKEW).minusSeconds(1));
        assertEquals(2, keys.jwks().size(), "still published a second before it retires");
        clock.advance(Duration.ofSeconds(2));

        assertTrue(keys.verificationKey(first.kid()).isEmpty());
        assertEquals(Reason.UNKNOWN_KEY, assertInstanceOf(Invalid.class, tokens.verify(before)).reason());
        assertEquals(List.of(second.kid()), kids(keys.jwks()));
        assertEquals(2, rows(), "retired, still in the table");

        SigningKey third = keys.rotate();
        assertEquals(2, rows(), "the retired key is gone; the second retires in its turn");
        assertEquals(List.of(third.kid(), second.kid()), keys.keys().stream().map(SigningKey::kid).toList());
    }

    @Test
    void anotherNodeVerifiesATokenSignedWithAKeyRotatedInElsewhereAndThenSignsWithIt() throws Exception {
        keys.ensureKey();
        SigningKeys other = node();
        SigningKeys idle = node();
        String firstKid = other.ensureKey().kid();
        idle.ensureKey();
        JsonWebTokens otherTokens = new JsonWebTokens(other);

        SigningKey rotated = keys.rotate();
        assertEquals(firstKid, other.signingKey().kid(), "until it reads the table again, a node signs with the key it knows");
        String token = tokens.issue(GRANT, LIFETIME);
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD);

        assertInstanceOf(Valid.class, otherTokens.verify(token), "the unknown kid made the other node read the table");
        assertEquals(rotated.kid(), kid(otherTokens.issue(GRANT, LIFETIME)), "and it signs with the new key from then on");
        assertEquals(firstKid, idle.signingKey().kid());
        clock.advance(SigningKeys.RELOAD_EVERY);
        assertEquals(rotated.kid(), idle.signingKey().kid(), "a node that met no token of the new key reads the table every 30 s");
    }

    @Test
    void anUnknownKidRereadsTheTableAtMostEveryFewSeconds() {
        keys.ensureKey();
        SigningKeys other = node();
        other.ensureKey();
        SigningKey rotated = keys.rotate();

        assertTrue(other.verificationKey(rotated.kid()).isEmpty(), "the other node read the table a moment ago");
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD);
        assertTrue(other.verificationKey(rotated.kid()).isPresent());
    }

    @Test
    void theJwksPublishesEachKeysModulusAndExponentSoThatOthersCanVerify() throws Exception {
        keys.ensureKey();
        String token = tokens.issue(GRANT, LIFETIME);
        JsonNode jwk = MessageCodec.MAPPER.readTree(keys.jwks().toString()).at("/keys/0");
        assertEquals("RSA", jwk.get("kty").asText());
        assertEquals("sig", jwk.get("use").asText());
        assertEquals("RS256", jwk.get("alg").asText());
        assertEquals(kid(token), jwk.get("kid").asText());
        assertEquals("AQAB", jwk.get("e").asText());
        byte[] modulus = Base64.getUrlDecoder().decode(jwk.get("n").asText());
        assertEquals(256, modulus.length, "2048 bits, unsigned: no leading zero byte");
        assertFalse(jwk.get("n").asText().contains("="));

        PublicKey published = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, modulus), new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()))));
        String[] parts = token.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(published);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
    }
}
