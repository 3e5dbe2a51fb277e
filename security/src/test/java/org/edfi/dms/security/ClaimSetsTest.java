package org.edfi.dms.security;

import static org.edfi.dms.contracts.Action.CREATE;
import static org.edfi.dms.contracts.Action.DELETE;
import static org.edfi.dms.contracts.Action.READ;
import static org.edfi.dms.contracts.Action.READ_CHANGES;
import static org.edfi.dms.contracts.Action.UPDATE;
import static org.edfi.dms.contracts.AuthorizationStrategy.NAMESPACE_BASED;
import static org.edfi.dms.contracts.AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED;
import static org.edfi.dms.contracts.AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE;
import static org.edfi.dms.contracts.AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE_INCLUDING_DELETES;
import static org.edfi.dms.contracts.AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_ONLY;
import static org.edfi.dms.contracts.AuthorizationStrategy.RELATIONSHIPS_WITH_STUDENTS_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an Ed-Fi claim set grants on a resource, action by action, with which strategies: the Claims.json of the Ed-Fi DMS. */
class ClaimSetsTest {

    private static final ClaimSets EDFI = EdFiClaims.claimSets();

    @TempDir
    Path dir;

    private static Grants grants(String claimSet, String resource) {
        return EDFI.grants(claimSet, resource(resource));
    }

    private static ResourceSchema resource(String endpoint) {
        return EdFiClaims.dataStandard().findResource("ed-fi", endpoint).orElseThrow();
    }

    private static Map<Action, List<AuthorizationStrategy>> of(Object... actionsAndStrategies) {
        Map<Action, List<AuthorizationStrategy>> map = new java.util.EnumMap<>(Action.class);
        for (int i = 0; i < actionsAndStrategies.length; i += 2) {
            map.put((Action) actionsAndStrategies[i], List.of((AuthorizationStrategy) actionsAndStrategies[i + 1]));
        }
        return map;
    }

    @Test
    void theClaimSetsAreTheEdFiFilesAndThisProjectsFullAccessAndAdmin() {
        assertEquals(List.of("full-access", "admin", "E2E-NameSpaceBasedClaimSet"), EDFI.names().subList(0, 3));
        assertTrue(EDFI.names().containsAll(List.of("SISVendor", "EdFiSandbox", "AssessmentVendor", "EdFiAPIPublisherReader")));
        assertEquals(List.of("full-access", "admin"), EDFI.names().stream().filter(EDFI::allowsAdmin).toList());
    }

    @Test
    void aGrantOnADomainReachesItsResourcesWithTheDomainsDefaultStrategies() {
        // domains/people: SISVendor is given CRUD, no ReadChanges; defaults per action
        assertEquals(of(CREATE, NO_FURTHER_AUTHORIZATION_REQUIRED, READ, RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE,
                UPDATE, RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE, DELETE, NO_FURTHER_AUTHORIZATION_REQUIRED), grants("SISVendor", "students").byAction());
        assertEquals(RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE_INCLUDING_DELETES,
                grants("EdFiSandbox", "students").strategies(READ_CHANGES).orElseThrow().getFirst());
    }

    @Test
    void descriptorsAreReadBySisVendorsAndWrittenInTheirNamespaceBySandboxes() {
        assertEquals(of(READ, NO_FURTHER_AUTHORIZATION_REQUIRED), grants("SISVendor", "gradeLevelDescriptors").byAction());
        assertEquals(of(CREATE, NAMESPACE_BASED, READ, NO_FURTHER_AUTHORIZATION_REQUIRED, UPDATE, NAMESPACE_BASED,
                DELETE, NAMESPACE_BASED, READ_CHANGES, NO_FURTHER_AUTHORIZATION_REQUIRED), grants("EdFiSandbox", "gradeLevelDescriptors").byAction());
    }

    @Test
    void aGrantOnTheResourceClaimAddsToTheDomainsAndTakesTheNearestDefaults() {
        // AssessmentVendor: Read on systemDescriptors, CRUD on academicSubjectDescriptor itself
        assertEquals(List.of(CREATE, READ, UPDATE, DELETE), List.copyOf(grants("AssessmentVendor", "academicSubjectDescriptors").byAction().keySet()));
        assertEquals(List.of(NAMESPACE_BASED), grants("AssessmentVendor", "academicSubjectDescriptors").strategies(CREATE).orElseThrow());
        // studentContactAssociation has defaults of its own, nearer than primaryRelationships'
        assertEquals(List.of(RELATIONSHIPS_WITH_STUDENTS_ONLY), grants("SISVendor", "studentContactAssociations").strategies(READ).orElseThrow());
        assertEquals(List.of(RELATIONSHIPS_WITH_ED_ORGS_ONLY), grants("SISVendor", "studentSchoolAssociations").strategies(CREATE).orElseThrow());
    }

    @Test
    void anOverrideOfTheClaimSetWinsOverTheDefaults() {
        // EdFiODSAdminApp is given the descriptors with NoFurtherAuthorizationRequired overrides
        assertEquals(List.of(NO_FURTHER_AUTHORIZATION_REQUIRED), grants("EdFiODSAdminApp", "gradeLevelDescriptors").strategies(CREATE).orElseThrow());
    }

    @Test
    void severalDefaultStrategiesOfOneActionAreKeptInOrder() {
        assertEquals(List.of("RelationshipsWithEdOrgsAndPeople", "RelationshipsWithStudentsOnlyThroughResponsibility"),
                grants("SISVendor", "studentSpecialEducationProgramEligibilityAssociations").strategies(UPDATE).orElseThrow().stream()
                        .map(AuthorizationStrategy::edFiName).toList());
    }

    @Test
    void anUnknownClaimSetGetsNothingAndFullAccessEverything() {
        assertEquals(Map.of(), grants("sis-vendr", "students").byAction());
        assertEquals(Map.of(), grants("admin", "students").byAction());
        assertEquals(Grants.EVERYTHING, grants("full-access", "students"));
        assertFalse(grants("SISVendor", "schools").allows(CREATE));
    }

    @Test
    void theCoverageOfDataStandard50SaysWhichResourcesNoClaimCovers() {
        ClaimSets.Coverage coverage = EDFI.coverage(EdFiClaims.dataStandard());
        // Claims.json is written for DS 5.2: every DS 5.0 resource has its claim
        assertEquals(List.of(), coverage.resourcesWithoutClaim());
        assertTrue(coverage.claimsWithoutResource().contains("http://ed-fi.org/identity/claims/services/identity"), coverage.toString());
    }

    // ---- a broken file stops the start, naming the file, the place and the fault ----

    private String refusal(String json) throws Exception {
        Path file = dir.resolve("Claims.json");
        Files.writeString(file, json);
        return assertThrows(IllegalArgumentException.class, () -> ClaimsFile.load(file, EdFiClaims.SCHEMA)).getMessage();
    }

    private static final String SETS = "\"claimSets\": [{\"claimSetName\": \"Roster\", \"isSystemReserved\": false}]";

    @Test
    void aFileThatBreaksTheJsonSchemaIsRefusedWithThePath() throws Exception {
        String message = refusal("{" + SETS + ", \"claimsHierarchy\": [{\"name\": \"x\", \"claimSets\": [{\"name\": \"Roster\"}]}]}");
        assertTrue(message.startsWith("Claims file " + dir.resolve("Claims.json") + ", at $.claimsHierarchy[0].claimSets[0]"), message);
        assertTrue(message.contains("actions"), message);
        assertTrue(refusal("{" + SETS + "}").contains("claimsHierarchy"));
    }

    @Test
    void unknownActionsStrategiesAndClaimSetsAreRefusedWithThePath() throws Exception {
        assertTrue(refusal("{" + SETS + ", \"claimsHierarchy\": [{\"name\": \"x\", \"defaultAuthorization\": {\"actions\": "
                + "[{\"name\": \"Reed\", \"authorizationStrategies\": []}]}}]}")
                .endsWith("at $.claimsHierarchy[0].defaultAuthorization.actions[0].name: unknown action 'Reed'; the actions are Create, Read, Update, Delete, ReadChanges"));
        assertTrue(refusal("{" + SETS + ", \"claimsHierarchy\": [{\"name\": \"x\", \"claimSets\": [{\"name\": \"Roster\", \"actions\": "
                + "[{\"name\": \"Read\", \"authorizationStrategyOverrides\": [{\"name\": \"Anything\"}]}]}]}]}")
                .contains("at $.claimsHierarchy[0].claimSets[0].actions[0].authorizationStrategyOverrides[0].name: unknown authorization strategy 'Anything'"));
        assertTrue(refusal("{" + SETS + ", \"claimsHierarchy\": [{\"name\": \"x\", \"claims\": [{\"name\": \"y\", \"claimSets\": "
                + "[{\"name\": \"Rooster\", \"actions\": [{\"name\": \"Read\"}]}]}]}]}")
                .endsWith("at $.claimsHierarchy[0].claims[0].claimSets[0].name: the claim set 'Rooster' is not declared in $.claimSets"));
        assertTrue(refusal("{\"claimSets\": [{\"claimSetName\": \"full-access\", \"isSystemReserved\": false}], \"claimsHierarchy\": [{\"name\": \"x\"}]}")
                .contains("this project defines it"));
        assertTrue(refusal("{" + SETS + ", \"claimsHierarchy\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}").contains("appears twice"));
        assertTrue(refusal("{" + SETS + ",").contains("is not valid JSON at line 1"));
    }
}
