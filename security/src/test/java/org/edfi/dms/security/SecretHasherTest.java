package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private final SecretHasher hasher = new SecretHasher(1_000);

    @Test
    void theRightSecretVerifiesAndAWrongOneDoesNot() {
        String stored = hasher.hash("correct horse battery staple");
        assertTrue(hasher.verify("correct horse battery staple", stored));
        assertFalse(hasher.verify("correct horse battery stapl", stored));
        assertFalse(hasher.verify("", stored));
        assertFalse(hasher.verify(null, stored));
    }

    @Test
    void theStoredFormNamesItsFunctionAndCostAndASaltOfItsOwn() {
        String first = hasher.hash("secret");
        String second = hasher.hash("secret");
        assertTrue(first.matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), first);
        assertNotEquals(first, second, "a new salt each time");
        assertTrue(hasher.verify("secret", second));
    }

    @Test
    void theDefaultCostIs210000IterationsAndAHashOfAnotherCostStillVerifies() {
        SecretHasher production = new SecretHasher();
        String stored = production.hash("secret");
        assertTrue(stored.startsWith("pbkdf2-sha256$210000$"), stored);
        assertTrue(hasher.verify("secret", stored), "the cost is read from the stored form");
        assertTrue(hasher.needsRehash(stored));
        assertFalse(production.needsRehash(stored));
    }

    @Test
    void malformedStoredStringsAreRefusedWithoutAnException() {
        String good = hasher.hash("secret");
        String[] parts = good.split("\\$");
        for (String stored : new String[] {
                "", "secret", "pbkdf2-sha256$1000$salt", "bcrypt$10$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$many$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$0$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$999999999$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$1000$!!!$" + parts[3],
                "pbkdf2-sha256$1000$" + parts[2] + "$" + parts[3].substring(4),
                good + "$extra"}) {
            assertFalse(hasher.verify("secret", stored), stored);
        }
        assertFalse(hasher.verify("secret", null));
    }

    @Test
    void newSecretsAndClientIdsAreRandomAndUrlSafe() {
        Set<String> secrets = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = hasher.newSecret();
            String id = hasher.newClientId();
            assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
            assertTrue(id.matches("[a-z0-9]{20}"), id);
            secrets.add(secret);
            ids.add(id);
        }
        assertEquals(100, secrets.size());
        assertEquals(100, ids.size());
    }
}
