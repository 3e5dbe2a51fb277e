package org.edfi.dms.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * An RSA key pair that signs access tokens, named by its {@code kid}.
 *
 * @param retireAfter when it stops verifying: unset while it is the newest key; set by a rotation
 *     to when the last token it could have signed has expired
 */
public record SigningKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey, Instant createdAt, Optional<Instant> retireAfter) {

    private static final int BITS = 2048;

    /** A new key pair with a random kid. */
    static SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            KeyPair pair = generator.generateKeyPair();
            byte[] kid = new byte[12];
            new SecureRandom().nextBytes(kid);
            return new SigningKey(Base64.getUrlEncoder().withoutPadding().encodeToString(kid), pair.getPrivate(),
                    (RSAPublicKey) pair.getPublic(), now, Optional.empty());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** Whether it still verifies at {@code now}. */
    boolean live(Instant now) {
        return retireAfter.isEmpty() || retireAfter.get().isAfter(now);
    }

    /** The public half as a JSON Web Key (RFC 7517): an RS256 signature key named by its kid, without the private parts. */
    RSAKey publicJwk() {
        return new RSAKey.Builder(publicKey).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    }

    String encodedPrivateKey() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    String encodedPublicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** A key as stored: PKCS#8 and X.509 in base64. */
    static SigningKey decode(String kid, String privateKey, String publicKey, Instant createdAt, Optional<Instant> retireAfter) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new SigningKey(kid,
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))),
                    (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
                    createdAt, retireAfter);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("The stored signing key " + kid + " is not an RSA key pair: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", created " + createdAt + retireAfter.map(r -> ", retires " + r).orElse("") + "]";
    }
}
