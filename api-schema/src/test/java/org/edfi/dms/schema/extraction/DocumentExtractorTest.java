package org.edfi.dms.schema.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.DocumentIdentity;
import org.edfi.dms.schema.identity.IdentityElement;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Test;

class DocumentExtractorTest {

    private static final ApiSchema SCHEMA = Fixtures.smallCore();
    private static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);

    /** Validates like the API does, then extracts. */
    private static ExtractedDocument extract(String endpoint, String json) {
        ResourceSchema resource = SCHEMA.findResource("ed-fi", endpoint).orElseThrow();
        ObjectNode document = Fixtures.body(json);
        assertEquals(Optional.empty(), VALIDATOR.validateInsert(resource, document));
        return DocumentExtractor.extract(resource, document);
    }

    private static final String SCHOOL = """
            {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
             "localEducationAgencyReference": {"localEducationAgencyId": 255901},
             "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"},
                             {"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Tenth grade"}]}""";

    @Test
    void identityIsTheNaturalKeyInIdentityOrder() {
        ExtractedDocument session = extract("sessions", """
                {"sessionName": "2021-2022 Fall Semester", "schoolReference": {"schoolId": "255901001"},
                 "schoolYearTypeReference": {"schoolYear": 2022}, "beginDate": "2021-08-23", "totalInstructionalDays": 81}""");
        assertEquals(List.of(
                new IdentityElement("$.schoolReference.schoolId", "255901001"),
                new IdentityElement("$.schoolYearTypeReference.schoolYear", "2022"),
                new IdentityElement("$.sessionName", "2021-2022 Fall Semester")), session.identity().elements());
        assertEquals("Session", session.identity().resource().resourceName());
    }

    @Test
    void equalKeysWrittenDifferentlyHaveOneReferentialId() {
        DocumentIdentity asNumber = extract("schools", SCHOOL).identity();
        DocumentIdentity asString = extract("schools", SCHOOL.replace("255901001", "\"255901001\"")).identity();
        assertEquals(asNumber.referentialId(), asString.referentialId());
    }

    @Test
    void aSubclassIsAlsoItsSuperclassUnderTheSuperclassName() {
        DocumentIdentity superclass = extract("schools", SCHOOL).superclassIdentity().orElseThrow();
        assertEquals("EducationOrganization", superclass.resource().resourceName());
        assertEquals(List.of(new IdentityElement("$.educationOrganizationId", "255901001")), superclass.elements());
    }

    @Test
    void aReferenceToAnAbstractResourceMatchesTheSubclassesSuperclassIdentity() {
        ExtractedDocument association = extract("studentEducationOrganizationAssociations", """
                {"educationOrganizationReference": {"educationOrganizationId": 255901001}, "studentReference": {"studentUniqueId": "604822"}}""");
        DocumentReference educationOrganization = association.documentReferences().getFirst();
        assertEquals("$.educationOrganizationReference", educationOrganization.path());
        assertEquals(extract("schools", SCHOOL).superclassIdentity().orElseThrow().referentialId(),
                educationOrganization.target().referentialId());
    }

    @Test
    void aReferenceMatchesTheReferencedDocumentsOwnIdentity() {
        ExtractedDocument school = extract("schools", SCHOOL);
        DocumentReference lea = school.documentReferences().getFirst();
        ExtractedDocument leaDocument = extract("localEducationAgencies", """
                {"localEducationAgencyId": 255901, "nameOfInstitution": "Grand Bend ISD"}""");
        assertEquals(leaDocument.identity(), lea.target());
        assertFalse(lea.partOfIdentity());
    }

    @Test
    void roleNamedReferencesPointAtTheirTargetResource() {
        ExtractedDocument association = extract("studentSchoolAssociations", """
                {"entryDate": "2021-08-23", "schoolReference": {"schoolId": 255901001}, "studentReference": {"studentUniqueId": "604822"},
                 "nextYearSchoolReference": {"schoolId": 255901044},
                 "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}""");
        DocumentReference nextYear = association.documentReferences().stream()
                .filter(r -> r.path().equals("$.nextYearSchoolReference")).findFirst().orElseThrow();
        assertEquals("School", nextYear.target().resource().resourceName());
        assertEquals(List.of(new IdentityElement("$.schoolId", "255901044")), nextYear.target().elements());
        assertEquals(3, association.documentReferences().size());
    }

    @Test
    void referencesInCollectionsAreOnePerItemWithTheItemsPath() {
        ExtractedDocument bellSchedule = extract("bellSchedules", """
                {"bellScheduleName": "Normal", "schoolReference": {"schoolId": 255901001},
                 "classPeriods": [{"classPeriodReference": {"classPeriodName": "P1", "schoolId": 255901001}},
                                  {"classPeriodReference": {"classPeriodName": "P2", "schoolId": 255901001}}]}""");
        List<DocumentReference> classPeriods = bellSchedule.documentReferences().stream()
                .filter(r -> r.target().resource().resourceName().equals("ClassPeriod")).toList();
        assertEquals(List.of("$.classPeriods[0].classPeriodReference", "$.classPeriods[1].classPeriodReference"),
                classPeriods.stream().map(DocumentReference::path).toList());
        ExtractedDocument p2 = extract("classPeriods", """
                {"classPeriodName": "P2", "schoolReference": {"schoolId": 255901001}}""");
        assertEquals(p2.identity().referentialId(), classPeriods.get(1).target().referentialId());
    }

    @Test
    void descriptorValuesReferenceTheirDescriptorIgnoringCase() {
        ExtractedDocument school = extract("schools", SCHOOL);
        assertEquals(List.of("$.gradeLevels[0].gradeLevelDescriptor", "$.gradeLevels[1].gradeLevelDescriptor"),
                school.descriptorReferences().stream().map(DescriptorReference::path).toList());
        DescriptorReference ninth = school.descriptorReferences().getFirst();
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Ninth grade", ninth.uri());

        ExtractedDocument descriptor = extract("gradeLevelDescriptors", """
                {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "NINTH GRADE", "shortDescription": "Ninth grade"}""");
        assertEquals(descriptor.identity(), ninth.target());
        assertEquals(List.of(new IdentityElement("$.descriptor", "uri://ed-fi.org/gradeleveldescriptor#ninth grade")),
                descriptor.identity().elements());
    }

    @Test
    void aSchoolYearIsIdentifiedByItsYear() {
        ExtractedDocument schoolYear = extract("schoolYearTypes", """
                {"schoolYear": "2022", "currentSchoolYear": "true", "schoolYearDescription": "2021-2022"}""");
        ExtractedDocument session = extract("sessions", """
                {"sessionName": "Fall", "schoolReference": {"schoolId": 1}, "schoolYearTypeReference": {"schoolYear": 2022},
                 "beginDate": "2021-08-23", "totalInstructionalDays": 81}""");
        DocumentReference year = session.documentReferences().stream()
                .filter(r -> r.target().resource().resourceName().equals("SchoolYearType")).findFirst().orElseThrow();
        assertEquals(schoolYear.identity(), year.target());
        assertTrue(year.partOfIdentity());
    }

    @Test
    void attendanceEventsOnOneDayForTwoCategoriesAreTwoDocuments() {
        String event = """
                {"schoolReference": {"schoolId": 1}, "studentReference": {"studentUniqueId": "604822"}, "eventDate": "%s",
                 "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#%s"}""";
        ExtractedDocument tardy = extract("studentSchoolAttendanceEvents", event.formatted("2024-09-03", "Tardy"));
        ExtractedDocument absent = extract("studentSchoolAttendanceEvents", event.formatted("2024-09-03", "Absent"));
        ExtractedDocument nextDay = extract("studentSchoolAttendanceEvents", event.formatted("2024-09-04", "Tardy"));
        assertNotEquals(tardy.identity().referentialId(), absent.identity().referentialId());
        assertNotEquals(tardy.identity().referentialId(), nextDay.identity().referentialId());

        // References carry the ApiSchema's narrower identity; they resolve through the shared reference identity.
        assertEquals(tardy.referenceIdentity().orElseThrow(), absent.referenceIdentity().orElseThrow());
        ExtractedDocument note = extract("attendanceNotes", """
                {"noteIdentifier": "N1", "attendanceEventReference": {"schoolId": 1, "studentUniqueId": "604822"}}""");
        assertEquals(tardy.referenceIdentity().orElseThrow(), note.documentReferences().getFirst().target());
        assertTrue(extract("schools", SCHOOL).referenceIdentity().isEmpty());
    }
}
