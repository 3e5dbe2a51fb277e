package org.edfi.dms.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Registration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The configuration store against a real PostgreSQL. Each test uses tenants of its own. */
class InstanceRegistryTest {

    private static final InstanceRules ONE_SERVER = new InstanceRules(List.of("pg-1"), List.of());
    private static DataSource config;
    private static InstanceRegistry registry;

    @BeforeAll
    static void migrate() {
        config = ConfigDatabase.create("registry_test");
        RegistrySchema.migrate(config);
        registry = new InstanceRegistry(Jdbi.create(config));
    }

    private static Map<String, String> context(String... keysAndValues) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    private static NewInstance request(String tenant, Map<String, String> context) {
        return NewInstance.of(tenant, context);
    }

    @Test
    void migratingAgainAndFromSeveralProcessesAtOnceIsFine() throws Exception {
        registry.createTenant("migrated");
        long version = registry.registryVersion();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Object>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit((Callable<Object>) () -> {
                    RegistrySchema.migrate(config);
                    return null;
                }));
            }
            for (Future<Object> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(registry.tenant("migrated").isPresent(), "migrations keep what is there");
        assertEquals(version, registry.registryVersion(), "a migration is not a change of the registry");
    }

    @Test
    void creatingATenantTwiceFindsTheFirst() {
        long before = registry.registryVersion();
        Registration<Tenant> first = registry.createTenant("district-a");
        long after = registry.registryVersion();
        Registration<Tenant> again = registry.createTenant("district-a");

        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.value(), again.value());
        assertEquals(before + 1, after, "one change, one version");
        assertEquals(after, registry.registryVersion(), "finding what exists changes nothing");
        assertTrue(registry.tenants().contains(first.value()));
        assertEquals(Optional.of(first.value()), registry.tenant("district-a"));
        assertEquals(Optional.empty(), registry.tenant("district-nowhere"));
    }

    @Test
    void tenantNamesFollowTheRulesOfTopicAndDatabaseNamesAndShadowNoRoute() {
        InvalidInstanceException upper = assertThrows(InvalidInstanceException.class, () -> registry.createTenant("District-A"));
        assertEquals("$.name", upper.path());
        assertTrue(upper.getMessage().contains("lower-case letters, digits and hyphens"), upper.getMessage());
        InvalidInstanceException reserved = assertThrows(InvalidInstanceException.class, () -> registry.createTenant("data"));
        assertTrue(reserved.getMessage().contains("is a path of the API itself"), reserved.getMessage());
    }

    @Test
    void anInstanceIsRegisteredProvisioningWithItsTenantAndANameFromItsContext() {
        long before = registry.registryVersion();
        Registration<Instance> registered = registry.register(request("auto", context("districtId", "255901", "schoolYear", "2024")), ONE_SERVER);

        Instance instance = registered.value();
        assertTrue(registered.created());
        assertEquals(new InstanceId("auto", "255901-2024"), instance.id());
        assertEquals(List.of("districtId", "schoolYear"), List.copyOf(instance.context().keySet()));
        assertEquals("pg-1", instance.server());
        assertEquals(StoreMode.DATABASE, instance.mode());
        assertEquals(InstanceState.PROVISIONING, instance.state());
        assertEquals("dms.auto.255901-2024.commands", instance.topics().commands());
        assertTrue(registry.tenant("auto").isPresent(), "the tenant is created with its first instance");
        assertTrue(registry.registryVersion() > before);
    }

    @Test
    void registeringTheSameInstanceAgainReturnsItUnchanged() {
        NewInstance request = request("repeat", context("districtId", "1", "schoolYear", "2025"));
        Instance first = registry.register(request, ONE_SERVER).value();
        long version = registry.registryVersion();

        Registration<Instance> again = registry.register(request, ONE_SERVER);

        assertFalse(again.created());
        assertEquals(first, again.value());
        assertEquals(version, registry.registryVersion());
        NewInstance sameWithName = new NewInstance("repeat", Optional.of("1-2025"), context("schoolYear", "2025", "districtId", "1"),
                Optional.of("pg-1"), Optional.of(StoreMode.DATABASE));
        assertEquals(first, registry.register(sameWithName, ONE_SERVER).value(), "the order of the context's keys does not matter");
    }

    @Test
    void anotherInstanceWithTheSameContextOrTheSameNameWithAnotherDefinitionIsAConflict() {
        registry.register(request("clash", context("districtId", "7", "schoolYear", "2024")), ONE_SERVER);

        InstanceConflictException sameContext = assertThrows(InstanceConflictException.class, () -> registry.register(
                new NewInstance("clash", Optional.of("other"), context("schoolYear", "2024", "districtId", "7"), Optional.empty(), Optional.empty()),
                ONE_SERVER));
        assertEquals(InstanceConflictException.Kind.IDENTITY, sameContext.kind());
        assertTrue(sameContext.getMessage().contains("instance clash/7-2024 of tenant clash already has the context"), sameContext.getMessage());

        InstanceConflictException otherContext = assertThrows(InstanceConflictException.class, () -> registry.register(
                new NewInstance("clash", Optional.of("7-2024"), context("districtId", "7", "schoolYear", "2025"), Optional.empty(), Optional.empty()),
                ONE_SERVER));
        assertTrue(otherContext.getMessage().contains("exists with context {districtId=7, schoolYear=2024}, not {districtId=7, schoolYear=2025}"),
                otherContext.getMessage());

        InstanceConflictException otherMode = assertThrows(InstanceConflictException.class, () -> registry.register(
                new NewInstance("clash", Optional.empty(), context("districtId", "7", "schoolYear", "2024"), Optional.empty(), Optional.of(StoreMode.SCHEMA)),
                ONE_SERVER));
        assertTrue(otherMode.getMessage().contains("mode database, not schema"), otherMode.getMessage());

        registry.register(request("clash-b", context("districtId", "7", "schoolYear", "2024")), ONE_SERVER); // another tenant may
    }

    @Test
    void twoInstancesNeverShareAStoreAndNoStoreNameIsCutShortByPostgres() {
        registry.register(new NewInstance("st-a", Optional.of("b"), Map.of(), Optional.empty(), Optional.empty()), ONE_SERVER);
        InstanceConflictException sameDatabase = assertThrows(InstanceConflictException.class, () -> registry.register(
                new NewInstance("st", Optional.of("a-b"), Map.of(), Optional.empty(), Optional.empty()), ONE_SERVER));
        assertTrue(sameDatabase.getMessage().contains("would be stored where instance st-a/b is (database dms_st_a_b, schema dms)"),
                sameDatabase.getMessage());
        // In schema mode the two live in different tenants' shared databases.
        registry.register(new NewInstance("st", Optional.of("a-b"), Map.of(), Optional.empty(), Optional.of(StoreMode.SCHEMA)), ONE_SERVER);

        String longName = "d".repeat(40);
        InvalidInstanceException tooLong = assertThrows(InvalidInstanceException.class, () -> registry.register(
                new NewInstance("tenant-" + "t".repeat(20), Optional.of(longName), Map.of(), Optional.empty(), Optional.empty()), ONE_SERVER));
        assertEquals("$.name", tooLong.path());
        assertTrue(tooLong.getMessage().contains("characters; PostgreSQL keeps 63"), tooLong.getMessage());
    }

    @Test
    void namesComeFromTheContextOrAreDefaultAndAreCheckedWithAClearMessage() {
        assertEquals("default", registry.register(request("plain", Map.of()), ONE_SERVER).value().name());

        InvalidInstanceException derived = assertThrows(InvalidInstanceException.class,
                () -> registry.register(request("named", context("district", "GrandBend", "schoolYear", "2024")), ONE_SERVER));
        assertEquals("$.name", derived.path());
        assertTrue(derived.getMessage().startsWith("the name derived from the context values, 'GrandBend-2024', is not valid; give a name."),
                derived.getMessage());
        InstanceId given = registry.register(new NewInstance("named", Optional.of("grand-bend-2024"),
                context("district", "GrandBend", "schoolYear", "2024"), Optional.empty(), Optional.empty()), ONE_SERVER).value().id();
        assertEquals("grand-bend-2024", given.instance());

        InvalidInstanceException value = assertThrows(InvalidInstanceException.class,
                () -> registry.register(request("named", context("district", "a/b")), ONE_SERVER));
        assertEquals("$.context.district", value.path());
        assertThrows(InvalidInstanceException.class, () -> registry.register(request("named", context("district", "metadata")), ONE_SERVER));
        assertThrows(InvalidInstanceException.class, () -> registry.register(request("named", context("9lives", "1")), ONE_SERVER));
    }

    @Test
    void theRouteQualifiersDecideTheContextsKeysAndTheirOrder() {
        InstanceRules rules = new InstanceRules(List.of("pg-1"), List.of("districtId", "schoolYear"));
        Instance instance = registry.register(request("qualified", context("schoolYear", "2024", "districtId", "3")), rules).value();
        assertEquals(List.of("districtId", "schoolYear"), List.copyOf(instance.context().keySet()));
        assertEquals("3-2024", instance.name(), "named in qualifier order");
        assertEquals(instance.context(), registry.find(instance.id()).orElseThrow().context());

        InvalidInstanceException missing = assertThrows(InvalidInstanceException.class,
                () -> registry.register(request("qualified", context("districtId", "4")), rules));
        assertEquals("$.context.schoolYear", missing.path());
        InvalidInstanceException extra = assertThrows(InvalidInstanceException.class,
                () -> registry.register(request("qualified", context("districtId", "4", "schoolYear", "2024", "term", "fall")), rules));
        assertEquals("$.context.term", extra.path());
    }

    @Test
    void instancesSpreadOverTheConfiguredServersUnlessOneIsNamed() {
        DataSource placement = ConfigDatabase.create("placement_test");
        RegistrySchema.migrate(placement);
        InstanceRegistry spread = new InstanceRegistry(Jdbi.create(placement));
        InstanceRules rules = new InstanceRules(List.of("pg-1", "pg-2", "pg-3"), List.of());
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(spread.register(request("spread", context("n", "" + i)), rules).value().server());
        }
        assertEquals(List.of("pg-1", "pg-2", "pg-3", "pg-1"), servers);
        assertEquals("pg-3", spread.register(new NewInstance("spread", Optional.empty(), context("n", "9"), Optional.of("pg-3"), Optional.empty()),
                rules).value().server());
        InvalidInstanceException unknown = assertThrows(InvalidInstanceException.class, () -> spread.register(
                new NewInstance("spread", Optional.empty(), context("n", "10"), Optional.of("pg-9"), Optional.empty()), rules));
        assertEquals("$.server", unknown.path());
        assertTrue(unknown.getMessage().contains("the configured servers are pg-1, pg-2, pg-3"), unknown.getMessage());
    }

    @Test
    void listingAndFinding() {
        Instance a = registry.register(request("listed", context("schoolYear", "2024")), ONE_SERVER).value();
        Instance b = registry.register(request("listed", context("schoolYear", "2025")), ONE_SERVER).value();

        assertEquals(List.of(a, b), registry.instances("listed"));
        assertTrue(registry.instances().containsAll(List.of(a, b)));
        assertEquals(List.of(), registry.instances("listed-nothing"));
        assertEquals(Optional.of(b), registry.find(b.id()));
        assertEquals(Optional.of(b), registry.find("listed", Map.of("schoolYear", "2025")));
        assertEquals(Optional.empty(), registry.find("listed", Map.of("schoolYear", "2026")));
        assertEquals(Optional.empty(), registry.find(new InstanceId("listed", "nothing")));
    }

    @Test
    void statesMoveOnlyAlongTheAllowedTransitionsAndEachMoveIsAChange() {
        Instance instance = registry.register(request("states", Map.of()), ONE_SERVER).value();
        long version = registry.registryVersion();

        Instance ready = registry.transition(instance.id(), Set.of(InstanceState.PROVISIONING), InstanceState.READY);
        assertEquals(InstanceState.READY, ready.state());
        assertEquals(ready, registry.find(instance.id()).orElseThrow());
        assertTrue(registry.changedSince(version));
        long readyVersion = registry.registryVersion();

        assertEquals(ready, registry.transition(instance.id(), Set.of(InstanceState.PROVISIONING), InstanceState.READY), "already there: a retry");
        assertFalse(registry.changedSince(readyVersion));

        InstanceConflictException wrong = assertThrows(InstanceConflictException.class,
                () -> registry.transition(instance.id(), Set.of(InstanceState.PROVISIONING), InstanceState.PURGING));
        assertEquals(InstanceConflictException.Kind.STATE, wrong.kind());
        assertTrue(wrong.getMessage().contains("is ready, so it cannot become purging"), wrong.getMessage());
        assertThrows(InstanceNotFoundException.class,
                () -> registry.transition(new InstanceId("states", "missing"), Set.of(InstanceState.READY), InstanceState.PURGING));
    }

    @Test
    void deletingARecordIsAChangeAndDeletingAgainFindsNothing() {
        Instance instance = registry.register(request("deleted", Map.of()), ONE_SERVER).value();
        long version = registry.registryVersion();

        assertTrue(registry.delete(instance.id()));
        assertTrue(registry.changedSince(version));
        assertEquals(Optional.empty(), registry.find(instance.id()));
        long after = registry.registryVersion();
        assertFalse(registry.delete(instance.id()));
        assertEquals(after, registry.registryVersion());
        assertTrue(registry.register(request("deleted", Map.of()), ONE_SERVER).created(), "the name is free again");
    }

    @Test
    void aSnapshotIsOneVersionWithEverythingItStandsFor() {
        Instance instance = registry.register(request("snapshot", Map.of()), ONE_SERVER).value();
        RegistrySnapshot snapshot = registry.snapshot();
        assertEquals(registry.registryVersion(), snapshot.version());
        assertTrue(snapshot.instances().contains(instance));
        assertTrue(snapshot.tenants().stream().anyMatch(t -> t.name().equals("snapshot")));
        assertFalse(registry.changedSince(snapshot.version()));
    }

    @Test
    @SuppressWarnings("try")
    void oneOperationAtATimeOnAnInstance() {
        InstanceId id = new InstanceId("locked", "default");
        try (InstanceLock lock = registry.tryLock(id).orElseThrow()) {
            assertEquals(Optional.empty(), registry.tryLock(id), "held by another session");
            try (InstanceLock other = registry.tryLock(new InstanceId("locked", "other")).orElseThrow()) {
                assertEquals("locked.other", other.id().toString(), "other instances are free");
            }
        }
        try (InstanceLock again = registry.tryLock(id).orElseThrow()) {
            assertEquals(id, again.id());
        }
    }
}
