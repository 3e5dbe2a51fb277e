package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The education organizations, people and enrollments of Data Standard 5.0, found from its ApiSchema alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipSecurityTest {

    private ApiSchema schema;
    private RelationshipSecurity relationships;

    @BeforeAll
    void load() throws SchemaLoadException {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
        relationships = RelationshipSecurity.of(schema);
    }

    private ResourceSchema resource(String endpoint) {
        return schema.findResource("ed-fi", endpoint).orElseThrow();
    }

    private List<String> organizationPaths(String endpoint) {
        return relationships.educationOrganizationIdPaths(resource(endpoint)).stream().map(JsonPath::toString).toList();
    }

    @Test
    void educationOrganizationsAreTheSubclassesOfTheAbstractOneWithTheirOwnIdsAndParents() {
        assertTrue(relationships.isEducationOrganization(resource("schools").name()));
        assertTrue(relationships.isEducationOrganization(resource("localEducationAgencies").name()));
        assertFalse(relationships.isEducationOrganization(resource("students").name()));
        assertEquals("$.schoolId", organizationPaths("schools").getFirst());
        assertTrue(organizationPaths("schools").contains("$.localEducationAgencyReference.localEducationAgencyId"), organizationPaths("schools").toString());
        assertEquals(RelationshipSecurity.Family.EDUCATION_ORGANIZATION, relationships.family(resource("localEducationAgencies")));
    }

    @Test
    void studentsStaffAndContactsArePeopleAndTheirAssociationsWithEducationOrganizationsEnrollments() {
        for (String person : List.of("students", "staffs", "contacts")) {
            assertTrue(relationships.isPerson(resource(person).name()), person);
        }
        assertEquals(RelationshipSecurity.Family.PERSON, relationships.family(resource("students")));
        assertTrue(relationships.isEnrollment(resource("studentSchoolAssociations").name()));
        assertTrue(relationships.isEnrollment(resource("staffEducationOrganizationAssignmentAssociations").name()));
        assertTrue(relationships.isEnrollment(resource("staffEducationOrganizationEmploymentAssociations").name()));
        assertFalse(relationships.isEnrollment(resource("studentEducationOrganizationAssociations").name()),
                "as in the ODS/API, a student's association with an organization other than its school enrollment reaches nobody");
        assertFalse(relationships.isEnrollment(resource("studentProgramAssociations").name()));
        assertFalse(relationships.isEnrollment(resource("staffSchoolAssociations").name()));
        assertEquals(List.of("StaffEducationOrganizationAssignmentAssociation", "StaffEducationOrganizationEmploymentAssociation", "StudentSchoolAssociation"),
                relationships.enrollmentsThrough(RelationshipSecurity.Reach.ED_ORGS_AND_PEOPLE));
        assertEquals(List.of("StudentEducationOrganizationResponsibilityAssociation"),
                relationships.enrollmentsThrough(RelationshipSecurity.Reach.STUDENTS_THROUGH_RESPONSIBILITY));
        assertFalse(relationships.isEnrollment(resource("studentAssessments").name()), "a student's assessment enrolls nobody");
        assertEquals(List.of("$.schoolReference.schoolId"), organizationPaths("studentSchoolAssociations").stream()
                .filter(p -> p.startsWith("$.schoolReference")).toList());
        assertEquals(List.of("$.studentReference.studentUniqueId"),
                relationships.personIdPaths(resource("studentSchoolAssociations")).stream().map(JsonPath::toString).toList());
    }

    @Test
    void onlyAContactIsReachedThroughALinkForStudentsAndStaffHaveEnrollmentsOfTheirOwn() {
        RelationshipSecurity.Reach all = RelationshipSecurity.Reach.ED_ORGS_AND_PEOPLE;
        assertEquals(List.of("Contact"), relationships.linkedKinds(all, resource("contacts")));
        assertEquals(List.of("Contact"), relationships.linkedKinds(all, resource("studentContactAssociations")));
        assertEquals(List.of(), relationships.linkedKinds(all, resource("students")));
        assertEquals(List.of(), relationships.linkedKinds(all, resource("staffs")));
    }

    @Test
    void descriptorsAndOtherResourcesWithoutOrganizationsOrPeopleAreNotLimited() {
        assertEquals(RelationshipSecurity.Family.NONE, relationships.family(resource("gradeLevelDescriptors")));
        assertEquals(RelationshipSecurity.Family.NONE, relationships.family(resource("schoolYearTypes")));
        assertEquals(RelationshipSecurity.Family.EDUCATION_ORGANIZATION, relationships.family(resource("assessments")),
                "an assessment carries an optional education organization reference");
    }

    @Test
    void anEducationOrganizationIdInsideAnotherReferencesNaturalKeyIsCarriedToo() {
        assertTrue(organizationPaths("studentSectionAssociations").contains("$.sectionReference.schoolId"),
                "a section's school, down its course offering: " + organizationPaths("studentSectionAssociations"));
        assertTrue(organizationPaths("grades").contains("$.studentSectionAssociationReference.schoolId"), organizationPaths("grades").toString());
        assertTrue(organizationPaths("studentDisciplineIncidentBehaviorAssociations").contains("$.disciplineIncidentReference.schoolId"));
        assertTrue(organizationPaths("sessions").contains("$.gradingPeriods[*].gradingPeriodReference.schoolId"), organizationPaths("sessions").toString());
        assertFalse(organizationPaths("sessions").stream().anyMatch(path -> path.endsWith("schoolYear")), "a school year is no education organization");
        assertEquals(RelationshipSecurity.Family.EDUCATION_ORGANIZATION, relationships.family(resource("studentSectionAssociations")));
        assertTrue(relationships.alwaysCarriesEducationOrganization(resource("studentSectionAssociations")), "the section is in its natural key");
        assertFalse(relationships.alwaysCarriesEducationOrganization(resource("assessments")), "its education organization is optional");
    }
}
