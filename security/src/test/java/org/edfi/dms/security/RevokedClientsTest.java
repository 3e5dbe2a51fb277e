package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.security.TokenVerification.Invalid;
import org.edfi.dms.security.TokenVerification.Reason;
import org.edfi.dms.security.TokenVerification.Valid;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's view of revoked clients against a real PostgreSQL: deleting a client, resetting its
 * secret or making it inactive revokes the tokens it has once the view looks again, a token got
 * afterwards is not revoked, each look reads only what changed, and an outage leaves the view as it was.
 */
class RevokedClientsTest {

    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private static Jdbi jdbi;
    private static ClientRegistry registry;
    private static JsonWebTokens signer;

    @BeforeAll
    static void migrate() {
        jdbi = ConfigDatabase.create("revoked_test");
        registry = registry(jdbi);
        SigningKeys keys = new SigningKeys(new SigningKeyStore(jdbi), LIFETIME);
        keys.ensureKey();
        signer = new JsonWebTokens(keys);
    }

    /** A registry with a vendor and an application to make clients of. */
    private static ClientRegistry registry(Jdbi jdbi) {
        ClientRegistry registry = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(1_000));
        registry.createVendor(new NewVendor("Vendor", List.of("uri://vendor.org")));
        registry.createApplication(new NewApplication("Vendor", "App", "SISVendor", List.of(255901L)));
        return registry;
    }

    private static IssuedCredentials newClient(ClientRegistry registry) {
        return registry.createClient(new NewClient("Vendor", "App", List.of(InstanceId.DEFAULT)));
    }

    /** A token of the client, as the token endpoint would issue it now. */
    private static String token(ClientRegistry registry, IssuedCredentials credentials) {
        Grant grant = registry.authenticate(credentials.client().clientId(), credentials.clientSecret()).orElseThrow();
        return signer.sign(TokenClaims.issue(grant, Clock.systemUTC().instant(), LIFETIME));
    }

    private static TokenClaims claims(String token) {
        return assertInstanceOf(Valid.class, signer.verify(token)).claims();
    }

    /** A view that looks only when told to. */
    private static RevokedClients view(Jdbi jdbi, Clock clock) {
        return new RevokedClients(jdbi, LIFETIME, clock, Duration.ZERO);
    }

    @Test
    void aDeletedClientsTokensAreRevokedOnceTheViewLooksAgain() {
        IssuedCredentials client = newClient(registry);
        TokenClaims token = claims(token(registry, client));
        try (RevokedClients view = view(jdbi, Clock.systemUTC())) {
            assertFalse(view.revoked(token));

            registry.deleteClient(client.client().clientId());
            assertFalse(view.revoked(token), "not before the view looks again");
            view.refresh();

            assertTrue(view.revoked(token));
        }
    }

    @Test
    void aSecretResetRevokesTheTokensIssuedBeforeItAndNotThoseIssuedAfter() {
        IssuedCredentials client = newClient(registry);
        TokenClaims before = claims(token(registry, client));
        IssuedCredentials reset = registry.resetSecret(client.client().clientId());
        TokenClaims after = claims(token(registry, reset));
        try (RevokedClients view = view(jdbi, Clock.systemUTC())) {
            assertTrue(view.revoked(before));
            assertFalse(view.revoked(after), "dated no earlier than the revocation, though issued within the same second");
            assertFalse(after.issuedAt().isBefore(registry.authenticate(reset.client().clientId(), reset.clientSecret()).orElseThrow().notIssuedBefore()));
        }
    }

    @Test
    void aClientMadeInactiveIsRevokedAndMadeActiveAgainGetsTokensThatWork() {
        IssuedCredentials client = newClient(registry);
        TokenClaims before = claims(token(registry, client));
        registry.setActive(client.client().clientId(), false);
        registry.setActive(client.client().clientId(), true);
        TokenClaims after = claims(token(registry, client));
        try (RevokedClients view = view(jdbi, Clock.systemUTC())) {
            assertTrue(view.revoked(before));
            assertFalse(view.revoked(after));
        }
    }

    @Test
    void aVerifiedTokenInTheCacheIsRefusedOnceItsClientIsRevoked() {
        IssuedCredentials client = newClient(registry);
        String token = token(registry, client);
        try (RevokedClients view = view(jdbi, Clock.systemUTC())) {
            JsonWebTokens tokens = new JsonWebTokens(signer.keys(), view::revoked);
            assertInstanceOf(Valid.class, tokens.verify(token));

            registry.resetSecret(client.client().clientId());
            view.refresh();

            Invalid refused = assertInstanceOf(Invalid.class, tokens.verify(token));
            assertEquals(Reason.REVOKED, refused.reason());
            assertEquals("the token has been revoked", refused.description());
        }
    }

    @Test
    void eachLookReadsOnlyTheRevocationsWrittenSinceTheLastOne() {
        try (RevokedClients view = view(jdbi, Clock.systemUTC())) {
            assertEquals(0, view.refresh());
            registry.deleteClient(newClient(registry).client().clientId());
            registry.resetSecret(newClient(registry).client().clientId());

            assertEquals(2, view.refresh());
            assertEquals(0, view.refresh());
        }
    }

    /** What a look by time or by a sequence would miss: a transaction that began before a look and commits after it. */
    @Test
    void aRevocationCommittedAfterALookThatCouldNotSeeItIsReadByTheNext() {
        IssuedCredentials slow = newClient(registry);
        IssuedCredentials quick = newClient(registry);
        TokenClaims slowToken = claims(token(registry, slow));
        TokenClaims quickToken = claims(token(registry, quick));
        try (RevokedClients view = view(jdbi, Clock.systemUTC()); Handle open = jdbi.open()) {
            open.begin();
            ClientRevocations.revoke(open, slow.client().clientId());
            registry.deleteClient(quick.client().clientId());

            view.refresh();
            assertTrue(view.revoked(quickToken));
            assertFalse(view.revoked(slowToken), "not committed yet");

            open.commit();
            view.refresh();
            assertTrue(view.revoked(slowToken));
        }
    }

    @Test
    void revocationsWhoseTokensHaveAllExpiredAreForgotten() {
        MutableClock clock = MutableClock.now();
        registry.deleteClient(newClient(registry).client().clientId());
        try (RevokedClients view = view(jdbi, clock)) {
            assertTrue(view.size() > 0);

            clock.advance(LIFETIME.plus(JsonWebTokens.LEEWAY).plusMinutes(1));
            view.refresh();

            assertEquals(0, view.size());
        }
    }

    @Test
    void whenTheDatabaseCannotBeReadTheViewKeepsWhatItKnows() {
        String database = "revoked_outage_test";
        Jdbi outage = ConfigDatabase.create(database);
        ClientRegistry clients = registry(outage);
        IssuedCredentials revoked = newClient(clients);
        TokenClaims token = claims(token(clients, revoked));
        clients.deleteClient(revoked.client().clientId());
        try (RevokedClients view = view(outage, Clock.systemUTC())) {
            connections(database, false);
            try {
                assertThrows(JdbiException.class, view::refresh);
                assertTrue(view.revoked(token), "still refused");
                assertThrows(JdbiException.class, () -> view(outage, Clock.systemUTC()), "a node does not start without the revocations");
            } finally {
                connections(database, true);
            }
            IssuedCredentials later = newClient(clients);
            TokenClaims laterToken = claims(token(clients, later));
            clients.resetSecret(later.client().clientId());
            view.refresh();
            assertTrue(view.revoked(laterToken), "followed again");
        }
    }

    @Test
    void aTokenLifetimeLongerThanRevocationsAreKeptIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RevokedClients(jdbi, Duration.ofDays(1), Clock.systemUTC(), Duration.ZERO));
    }

    /** Lets new connections to the database in, or keeps them out: an outage as the nodes see it. */
    private static void connections(String database, boolean allowed) {
        Jdbi.create(ConfigDatabase.dataSource("postgres")).useHandle(h -> h.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS " + allowed));
    }
}
