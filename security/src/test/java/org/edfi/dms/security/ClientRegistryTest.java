package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Registration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vendors, applications and clients against a real PostgreSQL. Each test uses vendors of its own. */
class ClientRegistryTest {

    private static final InstanceId Y2024 = new InstanceId("district-a", "255901-2024");
    private static final InstanceId Y2025 = new InstanceId("district-a", "255901-2025");

    private static Jdbi jdbi;
    private static ClientRegistry registry;

    @BeforeAll
    static void migrate() {
        jdbi = ConfigDatabase.create("clients_test");
        registry = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(1_000));
    }

    /** A vendor with one application, "App", of the SISVendor claim set. */
    private static void vendorWithApplication(String vendor) {
        registry.createVendor(new NewVendor(vendor, List.of("uri://" + vendor.toLowerCase().replace(' ', '-') + ".org")));
        registry.createApplication(new NewApplication(vendor, "App", "SISVendor", List.of(255901L)));
    }

    private static String storedHash(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM dms_security.api_client WHERE client_id = :id")
                .bind("id", clientId).mapTo(String.class).one());
    }

    @Test
    void migratingAgainChangesNothing() {
        registry.createVendor(new NewVendor("Migrated", List.of()));
        SecuritySchema.migrate(ConfigDatabase.dataSource("clients_test"));
        assertTrue(registry.vendor("Migrated").isPresent());
    }

    @Test
    void aVendorIsCreatedOnceAndFoundAgainWhateverTheOrderOfItsPrefixes() {
        Registration<Vendor> created = registry.createVendor(new NewVendor("Grand Bend SIS", List.of("uri://gbisd.edu", "uri://ed-fi.org", "uri://gbisd.edu")));
        assertTrue(created.created());
        assertEquals(List.of("uri://gbisd.edu", "uri://ed-fi.org"), created.value().namespacePrefixes(), "repeats dropped, order kept");

        Registration<Vendor> again = registry.createVendor(new NewVendor("Grand Bend SIS", List.of("uri://ed-fi.org", "uri://gbisd.edu")));
        assertFalse(again.created());
        assertEquals(created.value(), again.value());
        assertTrue(registry.vendors().contains(created.value()));

        RegistrationConflictException conflict = assertThrows(RegistrationConflictException.class,
                () -> registry.createVendor(new NewVendor("Grand Bend SIS", List.of("uri://other.org"))));
        assertEquals("vendor Grand Bend SIS exists with the namespace prefixes [uri://gbisd.edu, uri://ed-fi.org], not [uri://other.org]",
                conflict.getMessage());
    }

    @Test
    void vendorRequestsBreakingTheRulesNameTheField() {
        assertEquals("$.name", assertThrows(InvalidRegistrationException.class, () -> registry.createVendor(new NewVendor("", List.of()))).path());
        assertEquals("$.name", assertThrows(InvalidRegistrationException.class, () -> registry.createVendor(new NewVendor(" Padded", List.of()))).path());
        assertEquals("$.namespacePrefixes[1]", assertThrows(InvalidRegistrationException.class,
                () -> registry.createVendor(new NewVendor("Spaces", List.of("uri://a.org", "uri://b c.org")))).path());
    }

    @Test
    void anApplicationBelongsToAnExistingVendorHasAKnownClaimSetAndIsCreatedOnce() {
        registry.createVendor(new NewVendor("Apps", List.of()));
        Registration<Application> created = registry.createApplication(new NewApplication("Apps", "Roster sync", "SISVendor", List.of(255901L, 255901001L)));
        assertTrue(created.created());
        assertEquals("SISVendor", created.value().claimSet());
        Registration<Application> again = registry.createApplication(new NewApplication("Apps", "Roster sync", "SISVendor", List.of(255901001L, 255901L)));
        assertFalse(again.created());
        assertEquals(created.value(), again.value());
        assertEquals(List.of(created.value()), registry.applications("Apps"));

        assertEquals("application Roster sync of vendor Apps exists with claim set SISVendor, not EdFiAPIPublisherReader",
                assertThrows(RegistrationConflictException.class,
                        () -> registry.createApplication(new NewApplication("Apps", "Roster sync", "EdFiAPIPublisherReader", List.of(255901L, 255901001L)))).getMessage());
        assertEquals("no vendor Nobody", assertThrows(RegistrationNotFoundException.class,
                () -> registry.createApplication(new NewApplication("Nobody", "App", "SISVendor", List.of()))).getMessage());
        InvalidRegistrationException claimSet = assertThrows(InvalidRegistrationException.class,
                () -> registry.createApplication(new NewApplication("Apps", "Other", "sis-vendr", List.of())));
        assertEquals("$.claimSet", claimSet.path());
        assertTrue(claimSet.getMessage().startsWith("unknown claim set 'sis-vendr'; the claim sets are full-access, admin, E2E-NameSpaceBasedClaimSet, "),
                claimSet.getMessage());
        assertEquals("$.educationOrganizationIds[0]", assertThrows(InvalidRegistrationException.class,
                () -> registry.createApplication(new NewApplication("Apps", "Other", "SISVendor", List.of(-1L)))).path());
    }

    @Test
    void aClientsSecretIsShownOnceAndOnlyItsHashIsStored() {
        vendorWithApplication("Once");
        IssuedCredentials credentials = registry.createClient(new NewClient("Once", "App", List.of(Y2024, Y2025)));

        ApiClient client = credentials.client();
        assertTrue(client.clientId().matches("[a-z0-9]{20}"), client.clientId());
        assertTrue(credentials.clientSecret().matches("[A-Za-z0-9_-]{43}"));
        assertEquals(List.of(Y2024, Y2025), client.instances());
        assertEquals("Once", client.vendor());
        assertEquals("App", client.application());
        assertTrue(client.active());
        assertEquals(Optional.of(client), registry.client(client.clientId()));
        assertTrue(registry.clients("Once").contains(client));
        String stored = storedHash(client.clientId());
        assertTrue(stored.startsWith("pbkdf2-sha256$1000$"), stored);
        assertFalse(stored.contains(credentials.clientSecret()));
        assertFalse(credentials.toString().contains(credentials.clientSecret()));
        assertNotEquals(credentials.clientSecret(), registry.createClient(new NewClient("Once", "App", List.of(Y2024))).clientSecret());
    }

    @Test
    void aClientOfAnUnknownApplicationIsRefused() {
        vendorWithApplication("Unknown App");
        assertEquals("no application Missing of vendor Unknown App", assertThrows(RegistrationNotFoundException.class,
                () -> registry.createClient(new NewClient("Unknown App", "Missing", List.of(Y2024)))).getMessage());
        assertEquals("no vendor Nobody", assertThrows(RegistrationNotFoundException.class,
                () -> registry.createClient(new NewClient("Nobody", "App", List.of(Y2024)))).getMessage());
    }

    @Test
    void theRightSecretOfAnActiveClientAuthenticatesToItsGrant() {
        vendorWithApplication("Auth");
        IssuedCredentials credentials = registry.createClient(new NewClient("Auth", "App", List.of(Y2024)));
        String id = credentials.client().clientId();

        Grant grant = registry.authenticate(id, credentials.clientSecret()).orElseThrow();
        assertEquals(new Grant(id, "SISVendor", List.of(Y2024), List.of("uri://auth.org"), List.of(255901L), Instant.EPOCH,
                Long.toString(credentials.client().applicationId())), grant);

        assertEquals(Optional.empty(), registry.authenticate(id, credentials.clientSecret() + "x"), "wrong secret");
        assertEquals(Optional.empty(), registry.authenticate("nobody", credentials.clientSecret()), "unknown client");
        assertEquals(Optional.empty(), registry.authenticate(id, ""));
        assertEquals(Optional.empty(), registry.authenticate(null, null));

        assertFalse(registry.setActive(id, false).active());
        assertEquals(Optional.empty(), registry.authenticate(id, credentials.clientSecret()), "inactive");
        assertTrue(registry.setActive(id, true).active());
        assertTrue(registry.authenticate(id, credentials.clientSecret()).isPresent());

        assertTrue(registry.deleteClient(id));
        assertEquals(Optional.empty(), registry.authenticate(id, credentials.clientSecret()), "deleted");
        assertEquals(Optional.empty(), registry.client(id));
        assertFalse(registry.deleteClient(id));
    }

    @Test
    void theClientsOfOneApplicationShareItsOwnershipTokenAndNoOtherApplicationHasIt() {
        vendorWithApplication("Owners");
        registry.createApplication(new NewApplication("Owners", "Other App", "SISVendor", List.of(255901L)));
        IssuedCredentials first = registry.createClient(new NewClient("Owners", "App", List.of(Y2024)));
        IssuedCredentials second = registry.createClient(new NewClient("Owners", "App", List.of()));
        IssuedCredentials other = registry.createClient(new NewClient("Owners", "Other App", List.of(Y2024)));

        String token = registry.authenticate(first.client().clientId(), first.clientSecret()).orElseThrow().ownershipToken();
        assertEquals(token, registry.authenticate(second.client().clientId(), second.clientSecret()).orElseThrow().ownershipToken());
        assertNotEquals(token, registry.authenticate(other.client().clientId(), other.clientSecret()).orElseThrow().ownershipToken());
        registry.resetSecret(first.client().clientId());
        registry.deleteClient(second.client().clientId());
        IssuedCredentials third = registry.createClient(new NewClient("Owners", "App", List.of(Y2024)));
        assertEquals(token, registry.authenticate(third.client().clientId(), third.clientSecret()).orElseThrow().ownershipToken(),
                "the application's, whatever becomes of its clients");
    }

    @Test
    void aResetSecretReplacesTheOldOne() {
        vendorWithApplication("Reset");
        IssuedCredentials first = registry.createClient(new NewClient("Reset", "App", List.of(Y2024)));
        String id = first.client().clientId();

        IssuedCredentials reset = registry.resetSecret(id);

        assertEquals(first.client(), reset.client());
        assertNotEquals(first.clientSecret(), reset.clientSecret());
        assertEquals(Optional.empty(), registry.authenticate(id, first.clientSecret()));
        assertTrue(registry.authenticate(id, reset.clientSecret()).isPresent());
        assertEquals("no client nobody", assertThrows(RegistrationNotFoundException.class, () -> registry.resetSecret("nobody")).getMessage());
    }

    @Test
    void aHashOfAnOlderCostIsReplacedWhenItsClientAuthenticates() {
        vendorWithApplication("Rehash");
        IssuedCredentials credentials = registry.createClient(new NewClient("Rehash", "App", List.of(Y2024)));
        ClientRegistry costlier = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(2_000));

        assertTrue(costlier.authenticate(credentials.client().clientId(), credentials.clientSecret()).isPresent());

        assertTrue(storedHash(credentials.client().clientId()).startsWith("pbkdf2-sha256$2000$"));
        assertTrue(registry.authenticate(credentials.client().clientId(), credentials.clientSecret()).isPresent());
    }

    @Test
    void aDevelopmentClientIsEnsuredWithTheGivenIdAndSecret() {
        NewVendor vendor = new NewVendor("Development", List.of("uri://ed-fi.org"));
        NewApplication application = new NewApplication("Development", "Local tools", "full-access", List.of());

        ApiClient made = registry.ensureClient("dev-client", "dev-secret", vendor, application, List.of(InstanceId.DEFAULT));
        assertEquals("dev-client", made.clientId());
        assertEquals(List.of(InstanceId.DEFAULT), made.instances());
        assertEquals("full-access", registry.authenticate("dev-client", "dev-secret").orElseThrow().claimSet());
        String hash = storedHash("dev-client");

        registry.ensureClient("dev-client", "dev-secret", vendor, application, List.of(InstanceId.DEFAULT));
        assertEquals(hash, storedHash("dev-client"), "the same secret: nothing to change");

        registry.setActive("dev-client", false);
        ApiClient changed = registry.ensureClient("dev-client", "new-secret", vendor,
                new NewApplication("Development", "Local tools", "EdFiAPIPublisherReader", List.of()), List.of(InstanceId.DEFAULT, Y2024));
        assertTrue(changed.active());
        assertEquals(List.of(InstanceId.DEFAULT, Y2024), changed.instances());
        assertEquals(Optional.empty(), registry.authenticate("dev-client", "dev-secret"), "the operator said which secret to use");
        Grant grant = registry.authenticate("dev-client", "new-secret").orElseThrow();
        assertEquals("EdFiAPIPublisherReader", grant.claimSet(), "the settings define the application too");

        assertEquals("$.clientId", assertThrows(InvalidRegistrationException.class,
                () -> registry.ensureClient("dev client", "s", vendor, application, List.of())).path());
        assertEquals("$.clientSecret", assertThrows(InvalidRegistrationException.class,
                () -> registry.ensureClient("dev-client", "", vendor, application, List.of())).path());
        assertEquals("$.vendor", assertThrows(InvalidRegistrationException.class, () -> registry.ensureClient("dev-client", "s", vendor,
                new NewApplication("Other", "Local tools", "full-access", List.of()), List.of())).path());
    }
}
