package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claim sets imported in the Ed-Fi export format: a round trip gives back the Ed-Fi file's claim set
 * unchanged, imports reach every node (catalog) within its refresh, and what may not change is refused.
 */
class ClaimSetCatalogTest {

    private static final ClaimSets EDFI = EdFiClaims.claimSets();
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        jdbi = ConfigDatabase.create("claim_set_catalog_test");
    }

    private static ClaimSetCatalog node(MutableClock clock) {
        return new ClaimSetCatalog(EDFI, new ClaimSetStore(jdbi), clock);
    }

    private static ObjectNode export(ClaimSets claimSets, String name) {
        return ClaimSetJson.export(claimSets.export(name).orElseThrow(), claimSets);
    }

    @Test
    void anExportedClaimSetImportedUnderAnotherNameGrantsTheSameAndExportsTheSame() throws Exception {
        ClaimSetCatalog catalog = node(MutableClock.now());
        ObjectNode sis = export(EDFI, "SISVendor");
        ObjectNode copy = sis.deepCopy().put("claimSetName", "District SIS");

        assertTrue(catalog.importClaimSet(ClaimSetJson.read(MessageCodec.encode(copy))).created());
        ClaimSets now = catalog.get();
        for (ResourceSchema resource : EdFiClaims.dataStandard().resources()) {
            assertEquals(now.grants("SISVendor", resource), now.grants("District SIS", resource), resource.endpointName());
        }
        assertEquals(copy, export(now, "District SIS"), "export, import, export: the same JSON");
        assertEquals(sis, export(now, "SISVendor"), "the file's claim set is unchanged");
        assertFalse(catalog.importClaimSet(ClaimSetJson.read(MessageCodec.encode(copy))).created(), "importing it again replaces it");
    }

    @Test
    void anImportOnOneNodeReachesAnotherWithinTheRefresh() {
        MutableClock clock = MutableClock.now();
        ClaimSetCatalog here = node(clock);
        ClaimSetCatalog there = node(clock);
        assertFalse(there.get().contains("Copied Sandbox"));
        here.copy("EdFiSandbox", "Copied Sandbox");
        assertTrue(here.get().contains("Copied Sandbox"), "at once where it was made");
        clock.advance(ClaimSetCatalog.REFRESH.plus(Duration.ofMillis(1)));
        assertTrue(there.get().contains("Copied Sandbox"), "within the refresh elsewhere");
        here.delete("Copied Sandbox");
        clock.advance(ClaimSetCatalog.REFRESH.plus(Duration.ofMillis(1)));
        assertFalse(there.get().contains("Copied Sandbox"));
    }

    @Test
    void theFilesAndThisProjectsClaimSetsCannotBeReplacedOrDeleted() {
        ClaimSetCatalog catalog = node(MutableClock.now());
        ClaimSetDefinition sis = EDFI.export("SISVendor").orElseThrow();
        InvalidRegistrationException replaced = assertThrows(InvalidRegistrationException.class, () -> catalog.importClaimSet(sis));
        assertEquals("$.claimSetName", replaced.path());
        assertTrue(replaced.getMessage().contains("the claims file's and cannot be replaced"), replaced.getMessage());
        assertThrows(InvalidRegistrationException.class, () -> catalog.importClaimSet(sis.named("full-access")));
        assertThrows(InvalidRegistrationException.class, () -> catalog.delete("SISVendor"));
        assertThrows(RegistrationNotFoundException.class, () -> catalog.delete("Nobody's"));
        assertThrows(RegistrationConflictException.class, () -> catalog.copy("SISVendor", "EdFiSandbox"));
    }

    @Test
    void anImportNamingAClaimTheHierarchyLacksIsRefused() {
        String body = """
                {"claimSetName": "Typo", "resourceClaims": [{"claimName": "http://ed-fi.org/identity/claims/ed-fi/studnt",
                 "actions": [{"name": "Read", "enabled": true}]}]}""";
        InvalidRegistrationException refused = assertThrows(InvalidRegistrationException.class,
                () -> node(MutableClock.now()).importClaimSet(ClaimSetJson.read(body.getBytes())));
        assertEquals("$.resourceClaims", refused.path());
        assertTrue(refused.getMessage().contains("ed-fi/studnt"), refused.getMessage());
    }

    @Test
    void aClaimSetGivenToAnApplicationCannotBeDeleted() {
        ClaimSetCatalog catalog = node(MutableClock.now());
        catalog.copy("RosterVendor", "Roster Copy");
        ClientRegistry registry = new ClientRegistry(jdbi, catalog, new SecretHasher(1_000));
        registry.createVendor(new NewVendor("Roster Inc", List.of()));
        registry.createApplication(new NewApplication("Roster Inc", "Sync", "Roster Copy", List.of(255901L)));
        RegistrationConflictException refused = assertThrows(RegistrationConflictException.class, () -> catalog.delete("Roster Copy"));
        assertEquals("the claim set Roster Copy is given to the applications Roster Inc/Sync", refused.getMessage());
    }

    @Test
    void importErrorsNameTheirPlace() {
        assertEquals("$.resourceClaims[0].actions[0].name", assertThrows(InvalidRegistrationException.class, () -> ClaimSetJson.read("""
                {"claimSetName": "X", "resourceClaims": [{"claimName": "a/b", "actions": [{"name": "Write"}]}]}""".getBytes())).path());
        assertEquals("$.resourceClaims[0].authorizationStrategyOverrides[0].authorizationStrategies[0].authStrategyName",
                assertThrows(InvalidRegistrationException.class, () -> ClaimSetJson.read("""
                {"claimSetName": "X", "resourceClaims": [{"claimName": "a/b", "actions": [{"name": "Read"}],
                 "authorizationStrategyOverrides": [{"actionName": "Read", "authorizationStrategies": [{"authStrategyName": "Nope"}]}]}]}"""
                        .getBytes())).path());
        assertEquals("$.claimSetName", assertThrows(InvalidRegistrationException.class,
                () -> ClaimSetJson.read("{\"claimSetName\": \"a/b\", \"resourceClaims\": []}".getBytes())).path());
        assertEquals("$.colour", assertThrows(InvalidRegistrationException.class,
                () -> ClaimSetJson.read("{\"claimSetName\": \"X\", \"resourceClaims\": [], \"colour\": 1}".getBytes())).path());
    }
}
