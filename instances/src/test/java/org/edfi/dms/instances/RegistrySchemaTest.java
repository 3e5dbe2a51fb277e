package org.edfi.dms.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The configuration store upgraded from version 1 with tenants and instances in it, on a real PostgreSQL. */
class RegistrySchemaTest {

    /** What the hand-written migrations did, before Flyway: the schema, version 1's script, and no history. */
    private static void madeBeforeFlyway(Jdbi jdbi) {
        try (InputStream script = RegistrySchema.class.getResourceAsStream("/db/config/V1__initial.sql")) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            jdbi.useTransaction(h -> {
                h.execute("CREATE SCHEMA dms_config");
                h.createScript(sql).execute();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store's versions and how each came: {@code SQL} (its script ran) or {@code BASELINE} (adopted). */
    private static List<String> history(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version || ' ' || type FROM dms_config.flyway_schema_history "
                + "WHERE type <> 'SCHEMA' ORDER BY installed_rank").mapTo(String.class).list());
    }

    @Test
    void aStoreMadeBeforeFlywayIsAdoptedAtVersion1AndUpgradedWithItsTenantsAndInstances() {
        DataSource config = ConfigDatabase.create("registry_upgrade_test");
        Jdbi jdbi = Jdbi.create(config);
        madeBeforeFlyway(jdbi);
        InstanceRegistry registry = new InstanceRegistry(jdbi);
        registry.createTenant("district-a");
        registry.register(NewInstance.of("district-a", Map.of("schoolYear", "2024")), new InstanceRules(List.of("pg-1"), List.of()));
        RegistrySnapshot before = registry.snapshot();

        RegistrySchema.migrate(config);
        RegistrySchema.migrate(config);

        assertEquals(List.of("1 BASELINE", "2 SQL"), history(jdbi), "adopted, not made again; upgraded once");
        assertEquals(before, registry.snapshot(), "tenants, instances and the registry's version are kept");
        boolean dropped = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass('dms_config.schema_version') IS NULL").mapTo(Boolean.class).one());
        assertTrue(dropped, "version 2 dropped the hand-written history");
        registry.createTenant("district-b");
        assertEquals(before.version() + 1, registry.registryVersion(), "and the registry goes on counting");
    }
}
