package org.edfi.dms.security;

import static org.edfi.dms.security.Action.CREATE;
import static org.edfi.dms.security.Action.DELETE;
import static org.edfi.dms.security.Action.READ;
import static org.edfi.dms.security.Action.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which actions a claim set allows on which resources. */
class ClaimSetsTest {

    private static final ClaimSets BUILT_IN = ClaimSets.builtIn();
    private static final boolean DESCRIPTOR = true;
    private static final boolean DOCUMENT = false;

    @TempDir
    Path dir;

    private static Set<Action> allowed(ClaimSets sets, String claimSet, String resource, boolean isDescriptor) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (sets.allows(claimSet, resource, isDescriptor, action)) {
                actions.add(action);
            }
        }
        return actions;
    }

    private static final Set<Action> ALL = EnumSet.allOf(Action.class);
    private static final Set<Action> NONE = EnumSet.noneOf(Action.class);

    private ClaimSets custom(String json) throws Exception {
        Path file = dir.resolve("claim-sets.json");
        Files.writeString(file, json);
        return ClaimSets.load(Optional.of(file));
    }

    @Test
    void theBuiltInClaimSetsAreTheSix() {
        assertEquals(List.of("full-access", "sis-vendor", "assessment-vendor", "read-only", "descriptor-manager", "admin"), BUILT_IN.names());
        assertTrue(BUILT_IN.claimSets().stream().allMatch(set -> !set.description().isEmpty()));
        assertEquals(List.of("*: create, read, update, delete", "descriptors: read"), BUILT_IN.claimSets().get(1).rules());
    }

    @Test
    void onlyFullAccessAndAdminReachTheAdminApiAndAdminReachesNoData() {
        assertEquals(List.of("full-access", "admin"), BUILT_IN.names().stream().filter(BUILT_IN::allowsAdmin).toList());
        assertEquals(NONE, allowed(BUILT_IN, "admin", "students", DOCUMENT));
        assertFalse(BUILT_IN.allowsAdmin("no-such-set"));
    }

    @Test
    void fullAccessAllowsEverything() {
        assertEquals(ALL, allowed(BUILT_IN, "full-access", "students", DOCUMENT));
        assertEquals(ALL, allowed(BUILT_IN, "full-access", "gradeLevelDescriptors", DESCRIPTOR));
    }

    @Test
    void aSisVendorReadsDescriptorsAndWritesEverythingElse() {
        assertEquals(Set.of(READ), allowed(BUILT_IN, "sis-vendor", "gradeLevelDescriptors", DESCRIPTOR));
        assertEquals(ALL, allowed(BUILT_IN, "sis-vendor", "students", DOCUMENT));
        assertEquals(ALL, allowed(BUILT_IN, "sis-vendor", "studentSchoolAssociations", DOCUMENT));
    }

    @Test
    void anAssessmentVendorWritesAssessmentResourcesAndReadsTheRest() {
        for (String resource : List.of("assessments", "assessmentItems", "objectiveAssessments", "studentAssessments",
                "studentAssessmentEducationOrganizationAssociations", "learningStandards", "learningStandardEquivalenceAssociations")) {
            assertEquals(ALL, allowed(BUILT_IN, "assessment-vendor", resource, DOCUMENT), resource);
        }
        assertEquals(Set.of(READ), allowed(BUILT_IN, "assessment-vendor", "students", DOCUMENT));
        assertEquals(Set.of(READ), allowed(BUILT_IN, "assessment-vendor", "gradeLevelDescriptors", DESCRIPTOR));
        assertEquals(ALL, allowed(BUILT_IN, "assessment-vendor", "assessmentCategoryDescriptors", DESCRIPTOR), "a glob beats descriptors");
        assertEquals(ALL, allowed(BUILT_IN, "assessment-vendor", "StudentAssessments", DOCUMENT), "names match case-insensitively");
    }

    @Test
    void readOnlyReadsAndADescriptorManagerWritesDescriptorsOnly() {
        assertEquals(Set.of(READ), allowed(BUILT_IN, "read-only", "students", DOCUMENT));
        assertEquals(Set.of(READ), allowed(BUILT_IN, "read-only", "gradeLevelDescriptors", DESCRIPTOR));
        assertEquals(ALL, allowed(BUILT_IN, "descriptor-manager", "gradeLevelDescriptors", DESCRIPTOR));
        assertEquals(NONE, allowed(BUILT_IN, "descriptor-manager", "students", DOCUMENT));
    }

    @Test
    void anUnknownClaimSetAllowsNothing() {
        assertEquals(NONE, allowed(BUILT_IN, "no-such-set", "students", DOCUMENT));
        assertEquals(NONE, allowed(BUILT_IN, null, "students", DOCUMENT));
        assertFalse(BUILT_IN.contains("no-such-set"));
    }

    @Test
    void theMostSpecificMatchingRuleDecidesAlone() throws Exception {
        ClaimSets sets = custom("""
                {"layered": {"rules": {
                    "*": ["read"],
                    "descriptors": ["create", "read", "update", "delete"],
                    "student*": ["update"],
                    "studentAssessment*": ["create"],
                    "students": ["delete"]
                }}}""");
        assertEquals(Set.of(DELETE), allowed(sets, "layered", "students", DOCUMENT), "an exact name beats every glob");
        assertEquals(Set.of(CREATE), allowed(sets, "layered", "studentAssessments", DOCUMENT), "the longer glob beats the shorter");
        assertEquals(Set.of(UPDATE), allowed(sets, "layered", "studentSchoolAssociations", DOCUMENT));
        assertEquals(Set.of(UPDATE), allowed(sets, "layered", "studentCharacteristicDescriptors", DESCRIPTOR), "a glob beats descriptors");
        assertEquals(ALL, allowed(sets, "layered", "gradeLevelDescriptors", DESCRIPTOR), "descriptors beats *");
        assertEquals(Set.of(READ), allowed(sets, "layered", "schools", DOCUMENT));
    }

    @Test
    void ofTwoMatchingGlobsTheOneWithMoreLiteralCharactersWinsAndEqualOnesAllowWhatEitherAllows() throws Exception {
        ClaimSets longer = custom("""
                {"longer": {"rules": {"student*": ["read"], "*Associations": ["update"]}}}""");
        assertEquals(Set.of(UPDATE), allowed(longer, "longer", "studentSchoolAssociations", DOCUMENT), "12 literal characters beat 7");
        ClaimSets even = custom("""
                {"even": {"rules": {"student*": ["read"], "*iations": ["update"]}}}""");
        assertEquals(Set.of(READ, UPDATE), allowed(even, "even", "studentSchoolAssociations", DOCUMENT), "7 and 7");
        assertEquals(Set.of(UPDATE), allowed(even, "even", "schoolAssociations", DOCUMENT));
    }

    @Test
    void aCustomFileAddsClaimSetsAndReplacesBuiltInOnesOfTheSameName() throws Exception {
        ClaimSets sets = custom("""
                {
                  "read-only": {"description": "Nothing at all.", "rules": {}},
                  "roster-reader": {"description": "Rosters.", "rules": {"students": ["read"], "staffs": ["read"]}}
                }""");
        assertEquals(NONE, allowed(sets, "read-only", "students", DOCUMENT));
        assertEquals(Set.of(READ), allowed(sets, "roster-reader", "Students", DOCUMENT));
        assertEquals(NONE, allowed(sets, "roster-reader", "schools", DOCUMENT));
        assertEquals(ALL, allowed(sets, "full-access", "schools", DOCUMENT), "the other built-ins stay");
        assertEquals(List.of("full-access", "sis-vendor", "assessment-vendor", "descriptor-manager", "admin", "read-only", "roster-reader"), sets.names());
    }

    @Test
    void aBrokenFileFailsNamingTheFileAndThePlace() throws Exception {
        Path file = dir.resolve("claim-sets.json");
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class, () -> custom("""
                {"mine": {
                  "rules": {"students": ["read",]}
                }}"""));
        assertTrue(json.getMessage().startsWith("Claim sets file " + file + " is not valid JSON at line 2, column"), json.getMessage());

        IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
                () -> custom("{\"mine\": {\"rules\": {\"students\": [\"read\", \"write\"]}}}"));
        assertEquals("Claim sets file " + file + ", at $.mine.rules.students[1]: unknown action \"write\"; the actions are create, read,"
                + " update, delete", action.getMessage());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> custom("{\"mine\": {\"rules\": {\"student/s\": [\"read\"]}}}"))
                .getMessage().contains("at $.mine.rules.student/s: a resource rule is"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> custom("{\"Mine\": {\"rules\": {}}}"))
                .getMessage().contains("at $.Mine: a claim set name is"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> custom("{\"mine\": {\"rulez\": {}}}"))
                .getMessage().contains("at $.mine.rulez: unknown field"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> custom("[]")).getMessage().contains("at $: the file is a JSON object"));

        Path missing = dir.resolve("missing.json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClaimSets.load(Optional.of(missing)))
                .getMessage().startsWith("Claim sets file " + missing + " cannot be read"));
    }
}
