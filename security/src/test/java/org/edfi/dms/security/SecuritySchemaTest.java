package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.edfi.dms.contracts.InstanceId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The security store upgraded from version 1 with keys, vendors, applications and clients in it, on a real PostgreSQL. */
class SecuritySchemaTest {

    /** What the hand-written migrations did, before Flyway: the schema, version 1's script, and no history. */
    private static void madeBeforeFlyway(Jdbi jdbi) {
        try (InputStream script = SecuritySchema.class.getResourceAsStream("/db/security/V1__initial.sql")) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            jdbi.useTransaction(h -> {
                h.execute("CREATE SCHEMA dms_security");
                h.createScript(sql).execute();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store's versions and how each came: {@code SQL} (its script ran) or {@code BASELINE} (adopted). */
    private static List<String> history(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version || ' ' || type FROM dms_security.flyway_schema_history "
                + "WHERE type <> 'SCHEMA' ORDER BY installed_rank").mapTo(String.class).list());
    }

    @Test
    void aStoreMadeBeforeFlywayIsAdoptedAtVersion1AndUpgradedWithItsKeysAndClients() {
        String database = "security_upgrade_test";
        Jdbi jdbi = ConfigDatabase.empty(database);
        madeBeforeFlyway(jdbi);
        jdbi.useHandle(h -> h.execute("INSERT INTO dms_security.signing_key (kid, private_key, public_key, created_at) VALUES ('k1', 'private', 'public', now())"));
        ClientRegistry registry = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(1_000));
        registry.createVendor(new NewVendor("Grand Bend SIS", List.of("uri://gbisd.edu")));
        registry.createApplication(new NewApplication("Grand Bend SIS", "Roster sync", "SISVendor", List.of(255901L)));
        IssuedCredentials credentials = registry.createClient(new NewClient("Grand Bend SIS", "Roster sync", List.of(InstanceId.DEFAULT)));
        List<ApiClient> clients = registry.clients();

        SecuritySchema.migrate(ConfigDatabase.dataSource(database));
        SecuritySchema.migrate(ConfigDatabase.dataSource(database));

        assertEquals(List.of("1 BASELINE", "2 SQL", "4 SQL", "5 SQL", "6 SQL"), history(jdbi), "adopted, not made again; upgraded once");
        assertEquals(clients, registry.clients());
        assertTrue(registry.authenticate(credentials.client().clientId(), credentials.clientSecret()).isPresent(), "its secret still works");
        assertEquals(List.of("k1"), jdbi.withHandle(h -> h.createQuery("SELECT kid FROM dms_security.signing_key").mapTo(String.class).list()));
        boolean dropped = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass('dms_security.schema_version') IS NULL").mapTo(Boolean.class).one());
        assertTrue(dropped, "version 2 dropped the hand-written history");

        registry.resetSecret(credentials.client().clientId());
        assertEquals(List.of(credentials.client().clientId()), jdbi.withHandle(h -> h.createQuery(
                "SELECT client_id FROM dms_security.client_revocation").mapTo(String.class).list()), "version 5 records a client's revocations");

        ProfileStore profiles = new ProfileStore(jdbi);
        assertTrue(profiles.save("Student-Exclude-BirthDate", "<Profile name=\"Student-Exclude-BirthDate\"/>"));
        long application = registry.applications().getFirst().id();
        profiles.assign(application, List.of("Student-Exclude-BirthDate"));
        assertEquals(java.util.Map.of(application, List.of("Student-Exclude-BirthDate")), profiles.assignments(),
                "version 6 assigns profiles to the applications the store kept");
    }
}
