package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.edfi.dms.processor.GrandBendDocuments.STUDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The check references step alone: what a document references must be in the instance now. */
class CheckReferencesTest {

    private static final String ENROLLMENT = """
            {"educationOrganizationReference": {"educationOrganizationId": 255901001}, "studentReference": {"studentUniqueId": "604822"}}""";

    private final TopologyHarness instance = new TopologyHarness();

    @AfterEach
    void close() {
        instance.close();
    }

    private Optional<Problem> check(String resource, String json) {
        return CheckReferences.apply(instance.resolved(instance.upsert(resource, json)));
    }

    @Test
    void aDocumentWhoseReferencesAllExistPasses() {
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        assertEquals(Optional.empty(), check("schools", SCHOOL));
    }

    @Test
    void aMissingDocumentIsAnUnresolvedReference409AtItsPath() {
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        Problem problem = check("schools", SCHOOL).orElseThrow();
        assertEquals(409, problem.status());
        assertEquals(Problem.UNRESOLVED_REFERENCE, problem.type());
        assertEquals(Map.of("$.localEducationAgencyReference", List.of("The referenced LocalEducationAgency item does not exist.")),
                problem.validationErrors());
    }

    @Test
    void aMissingDescriptorIsABadRequestNamingTheValueWithTheMissingDocumentsBesideIt() {
        Problem problem = check("schools", SCHOOL).orElseThrow();
        assertEquals(400, problem.status());
        assertEquals(Problem.BAD_REQUEST, problem.type());
        assertEquals(Map.of("$.gradeLevels[0].gradeLevelDescriptor",
                List.of("GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' does not exist."),
                "$.localEducationAgencyReference", List.of("The referenced LocalEducationAgency item does not exist.")),
                problem.validationErrors());
    }

    @Test
    void aReferenceToAnAbstractResourceIsFoundThroughASubclass() {
        instance.created("students", STUDENT);
        assertEquals(409, check("studentEducationOrganizationAssociations", ENROLLMENT).orElseThrow().status());
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        instance.created("schools", SCHOOL);
        assertEquals(Optional.empty(), check("studentEducationOrganizationAssociations", ENROLLMENT), "the School is an EducationOrganization");
    }
}
