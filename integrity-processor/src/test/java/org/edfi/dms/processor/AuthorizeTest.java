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
    void aStrategyNotSupportedYetAnswers501() {
        Command association = instance.upsert("classPeriods", CLASS_PERIOD.formatted("First"))
                .grantedBy(granting(AuthorizationStrategy.OWNERSHIP_BASED));
        assertEquals(501, authorize.body(attempt(association)).orElseThrow().status());
    }

    @Test
    void theStoredDocumentAReplacementWouldOverwriteMustBeTheClientsToo() {
        Attempt attempt = attempt(instance.update("gradeLevelDescriptors", ninthGrade, NINTH_GRADE.replace("uri://ed-fi.org", "uri://gbisd.edu"), null)
                .limitedTo(GRAND_BEND_NAMESPACE, null));
        assertEquals(Optional.empty(), authorize.body(attempt), "the new body is in the client's namespace");
        Problem refused = authorize.storedDocument(attempt).orElseThrow();
        assertEquals(Problem.NAMESPACE_MISMATCH, refused.type());
    }
}
