package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.CLASS_PERIOD;
import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.edfi.dms.processor.GrandBendDocuments.STUDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Map;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorize step alone, against an instance holding Grand Bend ISD (LEA 255901), its high school and a ninth grade descriptor. */
class AuthorizeTest {

    private static final List<String> GRAND_BEND_NAMESPACE = List.of("uri://gbisd.edu");
    private static final List<Long> GRAND_BEND_ISD = List.of(255901L);
    private static final List<Long> ANOTHER_LEA = List.of(255902L);
    private static final String OWNER = "3";
    private static final String ANOTHER_OWNER = "4";

    private final TopologyHarness instance = new TopologyHarness();
    private final Authorize authorize = new Authorize(new RelationshipCheck(TopologyHarness.SCHEMA));
    private UUID ninthGrade;

    @BeforeEach
    void grandBend() {
        ninthGrade = instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        instance.created("schools", SCHOOL);
    }

    @AfterEach
    void close() {
        instance.close();
    }

    private Attempt attempt(Command command) {
        return instance.resolved(command);
    }

    /** A DELETE's attempt as the find step leaves it: the document it names, found. */
    private Attempt deleting(String resource, UUID id, Command command) {
        Attempt attempt = new Attempt(command, TopologyHarness.SCHEMA.findResource("ed-fi", resource).orElseThrow(), instance.store());
        attempt.found(instance.store().find(id).orElseThrow());
        return attempt;
    }

    /** A class period created by a client of the application whose ownership token is {@code owner}. */
    private UUID classPeriodOwnedBy(String owner) {
        CommandResult created = instance.send(instance.upsert("classPeriods", CLASS_PERIOD.formatted("Owned")).ownedBy(owner));
        assertEquals(201, created.status());
        return created.documentId();
    }

    @Test
    void aBodyIsWrittenOnlyInTheClientsNamespaces() {
        String own = NINTH_GRADE.replace("uri://ed-fi.org", "uri://gbisd.edu");
        assertEquals(Optional.empty(), authorize.body(attempt(instance.upsert("gradeLevelDescriptors", own)
                .limitedTo(GRAND_BEND_NAMESPACE, null))));
        Problem refused = authorize.body(attempt(instance.upsert("gradeLevelDescriptors", NINTH_GRADE.replace("Ninth", "Tenth"))
                .limitedTo(GRAND_BEND_NAMESPACE, null))).orElseThrow();
        assertEquals(Problem.NAMESPACE_MISMATCH, refused.type());
    }

    @Test
    void aWriterWithoutLimitsIsTrustedWithEverything() {
        Attempt attempt = attempt(instance.update("gradeLevelDescriptors", ninthGrade, NINTH_GRADE.replace("Ninth grade\"}", "9th\"}"), null));
        assertEquals(Optional.empty(), authorize.body(attempt));
        assertEquals(Optional.empty(), authorize.storedDocument(attempt));
    }

    @Test
    void aDocumentOfASchoolIsReachedFromTheSchoolsLeaOnly() {
        Command classPeriod = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First"));
        assertEquals(Optional.empty(), authorize.body(attempt(classPeriod.limitedTo(null, GRAND_BEND_ISD))));
        Problem refused = authorize.body(attempt(classPeriod.limitedTo(null, ANOTHER_LEA))).orElseThrow();
        assertEquals(Problem.ACCESS_DENIED + ":relationship", refused.type());
    }

    @Test
    void aNewStudentIsReachedBeforeItsEnrollmentButAnExistingOneIsNot() {
        Command student = instance.upsert("students", STUDENT).limitedTo(null, GRAND_BEND_ISD);
        assertEquals(Optional.empty(), authorize.body(attempt(student)));
        instance.created("students", STUDENT);
        assertEquals(403, authorize.body(attempt(student)).orElseThrow().status());
    }

    private static Grants granting(AuthorizationStrategy... strategies) {
        return new Grants(Map.of(Action.CREATE, List.of(strategies), Action.UPDATE, List.of(strategies), Action.DELETE, List.of(strategies)));
    }

    @Test
    void aPostOfAnExistingDocumentNeedsTheUpdateAction() {
        Command again = instance.upsert("schools", SCHOOL).grantedBy(new Grants(Map.of(Action.CREATE,
                List.of(AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED))));
        Problem refused = authorize.body(attempt(again)).orElseThrow();
        assertEquals(Problem.ACCESS_DENIED + ":action", refused.type());
        assertEquals("The API client's claim set does not grant the 'Update' action on School, which a POST of an existing document needs.",
                refused.detail());
        Command created = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).grantedBy(new Grants(Map.of(Action.CREATE,
                List.of(AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED))));
        assertEquals(Optional.empty(), authorize.body(attempt(created)));
    }

    @Test
    void relationshipStrategiesFailClosedForAClientWithoutEducationOrganizations() {
        Command classPeriod = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First"))
                .grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE));
        assertEquals(403, authorize.body(attempt(classPeriod)).orElseThrow().status());
        assertEquals(Optional.empty(), authorize.body(attempt(classPeriod.limitedTo(null, GRAND_BEND_ISD))));
    }

    @Test
    void edOrgsOnlyDoesNotReachPeopleThroughTheirEnrollments() {
        Command student = instance.upsert("students", STUDENT).limitedTo(null, GRAND_BEND_ISD);
        assertEquals(Optional.empty(), authorize.body(attempt(student.grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE)))));
        assertEquals(403, authorize.body(attempt(student.grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_ONLY))))
                .orElseThrow().status());
    }

    @Test
    void studentsOnlyReachesAStudentThroughItsEnrollmentAndNotASchoolAlone() {
        instance.created("students", STUDENT);
        Command student = instance.upsert("students", STUDENT).limitedTo(null, GRAND_BEND_ISD)
                .grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_STUDENTS_ONLY));
        assertEquals(403, authorize.body(attempt(student)).orElseThrow().status(), "not enrolled yet");
        instance.created("studentSchoolAssociations", """
                {"studentReference": {"studentUniqueId": "604822"}, "schoolReference": {"schoolId": 255901001},
                 "entryDate": "2021-08-23", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}""");
        assertEquals(Optional.empty(), authorize.body(attempt(student)));
        Command classPeriod = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).limitedTo(null, GRAND_BEND_ISD)
                .grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_STUDENTS_ONLY));
        assertEquals(403, authorize.body(attempt(classPeriod)).orElseThrow().status(), "a class period carries no student");
        Command throughResponsibility = student.grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_STUDENTS_ONLY_THROUGH_RESPONSIBILITY));
        assertEquals(403, authorize.body(attempt(throughResponsibility)).orElseThrow().status(), "an enrollment is no responsibility");
    }

    @Test
    void namespaceMustHoldAndOneOfTheRelationshipStrategies() {
        String own = NINTH_GRADE.replace("uri://ed-fi.org", "uri://gbisd.edu");
        Command descriptor = instance.upsert("gradeLevelDescriptors", own).limitedTo(GRAND_BEND_NAMESPACE, List.of());
        assertEquals(Optional.empty(), authorize.body(attempt(descriptor.grantedBy(granting(AuthorizationStrategy.NAMESPACE_BASED)))));
        Command outside = instance.upsert("gradeLevelDescriptors", NINTH_GRADE.replace("Ninth", "Tenth")).limitedTo(GRAND_BEND_NAMESPACE, List.of());
        assertEquals(Problem.NAMESPACE_MISMATCH, authorize.body(attempt(outside.grantedBy(granting(AuthorizationStrategy.NAMESPACE_BASED,
                AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE)))).orElseThrow().type());
        Command classPeriod = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).limitedTo(null, GRAND_BEND_ISD);
        assertEquals(Optional.empty(), authorize.body(attempt(classPeriod.grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_ONLY,
                AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE)))), "one relationship strategy reaching it is enough");
    }

    @Test
    void theInvertedStrategyReachesUpwardsFromTheClientsEducationOrganizations() {
        Grants inverted = granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_ONLY_INVERTED);
        List<Long> highSchool = List.of(255901001L);
        assertEquals(Optional.empty(), authorize.body(attempt(instance.upsert("localEducationAgencies", LEA).grantedBy(inverted)
                .limitedTo(null, highSchool))), "the LEA above the client's school");
        assertEquals(Optional.empty(), authorize.body(attempt(instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).grantedBy(inverted)
                .limitedTo(null, highSchool))), "the client's own school");
        assertEquals(403, authorize.body(attempt(instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).grantedBy(inverted)
                .limitedTo(null, GRAND_BEND_ISD))).orElseThrow().status(), "a school under the client's LEA is below it, not above");
    }

    @Test
    void theStoredDocumentAReplacementWouldOverwriteMustBeTheClientsToo() {
        Attempt attempt = attempt(instance.update("gradeLevelDescriptors", ninthGrade, NINTH_GRADE.replace("uri://ed-fi.org", "uri://gbisd.edu"), null)
                .limitedTo(GRAND_BEND_NAMESPACE, null));
        assertEquals(Optional.empty(), authorize.body(attempt), "the new body is in the client's namespace");
        Problem refused = authorize.storedDocument(attempt).orElseThrow();
        assertEquals(Problem.NAMESPACE_MISMATCH, refused.type());
    }

    @Test
    void underOwnershipBasedAnyClientWithATokenCreates() {
        Command created = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));
        assertEquals(Optional.empty(), authorize.body(attempt(created.ownedBy(OWNER))));
        assertEquals(Optional.empty(), authorize.storedDocument(attempt(created.ownedBy(OWNER))), "nothing stored to own");
    }

    @Test
    void aStoredDocumentIsReplacedOrDeletedOnlyByClientsSharingTheTokenItWasCreatedWith() {
        UUID period = classPeriodOwnedBy(OWNER);
        Command replace = instance.update("classPeriods", period, CLASS_PERIOD.formatted("Owned"), null)
                .grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));
        Command delete = Command.delete(instance.nextCommandId(), "ed-fi", "classPeriods", period, null, null, "test-client")
                .grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));

        assertEquals(Optional.empty(), authorize.storedDocument(attempt(replace.ownedBy(OWNER))));
        assertEquals(Optional.empty(), authorize.storedDocument(deleting("classPeriods", period, delete.ownedBy(OWNER))));
        assertEquals(Optional.empty(), authorize.body(attempt(replace.ownedBy(ANOTHER_OWNER))), "the body it writes is not what is owned");
        Problem refused = authorize.storedDocument(attempt(replace.ownedBy(ANOTHER_OWNER))).orElseThrow();
        assertEquals(Problem.OWNERSHIP + ":access-denied:ownership-mismatch", refused.type());
        assertEquals(403, refused.status());
        assertEquals("Access to the requested data could not be authorized. The item is not owned by the caller.", refused.detail());
        assertEquals(refused, authorize.storedDocument(deleting("classPeriods", period, delete.ownedBy(ANOTHER_OWNER))).orElseThrow());
    }

    @Test
    void aPostOfAnotherOwnersNaturalKeyIsAnUpdateOfTheirDocumentAndRefused() {
        classPeriodOwnedBy(OWNER);
        Command again = instance.upsert("classPeriods", CLASS_PERIOD.formatted("Owned")).grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));
        assertEquals(Optional.empty(), authorize.storedDocument(attempt(again.ownedBy(OWNER))));
        assertEquals(Problem.OWNERSHIP + ":access-denied:ownership-mismatch",
                authorize.storedDocument(attempt(again.ownedBy(ANOTHER_OWNER))).orElseThrow().type());
    }

    @Test
    void aStoredDocumentCreatedWithoutATokenIsNobodysUnderOwnershipBased() {
        UUID period = instance.created("classPeriods", CLASS_PERIOD.formatted("Unowned"));
        Command replace = instance.update("classPeriods", period, CLASS_PERIOD.formatted("Unowned"), null)
                .grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED)).ownedBy(OWNER);
        Problem refused = authorize.storedDocument(attempt(replace)).orElseThrow();
        assertEquals(Problem.OWNERSHIP + ":invalid-data:ownership-uninitialized", refused.type());
        assertEquals(403, refused.status());
    }

    @Test
    void ownershipBasedFailsClosedForACommandWithoutAToken() {
        Command created = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First")).grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));
        Problem refused = authorize.body(attempt(created)).orElseThrow();
        assertEquals(Problem.OWNERSHIP + ":invalid-client:no-ownership-token", refused.type());
        assertEquals(403, refused.status());
    }

    @Test
    void ownershipMustHoldBesideTheRelationshipThatReachesTheDocument() {
        UUID period = classPeriodOwnedBy(OWNER);
        Command replace = instance.update("classPeriods", period, CLASS_PERIOD.formatted("Owned"), null).limitedTo(null, GRAND_BEND_ISD)
                .grantedBy(granting(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE, AuthorizationStrategy.OWNERSHIP_BASED));
        assertEquals(Optional.empty(), authorize.storedDocument(attempt(replace.ownedBy(OWNER))));
        assertEquals(Problem.OWNERSHIP + ":access-denied:ownership-mismatch",
                authorize.storedDocument(attempt(replace.ownedBy(ANOTHER_OWNER))).orElseThrow().type(), "reached, but not owned");
    }
}
