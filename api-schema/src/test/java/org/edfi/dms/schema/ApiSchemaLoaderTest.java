package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSchemaLoaderTest {

    private final ApiSchema schema = Fixtures.smallCore();

    private ResourceSchema resource(String endpoint) {
        return schema.findResource("ed-fi", endpoint).orElseThrow();
    }

    @Test
    void resourcesAreFoundByProjectAndEndpointIgnoringCase() {
        assertEquals("School", schema.findResource("Ed-Fi", "SCHOOLS").orElseThrow().name().resourceName());
        assertEquals("schools", schema.findResource("ed-fi", "schools").orElseThrow().endpointName());
        assertTrue(schema.findResource("ed-fi", "nothings").isEmpty());
        assertTrue(schema.findResource("tpdm", "schools").isEmpty());
    }

    @Test
    void projectDescribesItself() {
        ProjectSchema project = schema.findProject("ed-fi").orElseThrow();
        assertEquals("Ed-Fi", project.projectName());
        assertEquals("5.0.0", project.version());
        assertFalse(project.isExtension());
        assertEquals(15, project.resources().size());
        assertEquals(2, project.descriptorCount());
    }

    @Test
    void descriptorsAndSchoolYearsHaveTheirOwnKinds() {
        assertEquals(ResourceKind.DESCRIPTOR, resource("gradeLevelDescriptors").kind());
        assertEquals(ResourceKind.SCHOOL_YEAR_ENUMERATION, resource("schoolYearTypes").kind());
        assertEquals(ResourceKind.DOCUMENT, resource("schools").kind());
    }

    @Test
    void subclassesKnowTheirAbstractSuperclassAndItKnowsThem() {
        Superclass superclass = resource("schools").superclass().orElseThrow();
        assertEquals(new QualifiedResourceName("Ed-Fi", "EducationOrganization"), superclass.name());
        assertEquals("$.educationOrganizationId", superclass.identityRename().orElseThrow().toString());

        AbstractResource educationOrganization = schema.findAbstract(superclass.name()).orElseThrow();
        assertEquals(List.of(JsonPath.of("$.educationOrganizationId")), educationOrganization.identityPaths());
        assertEquals(List.of("LocalEducationAgency", "School"),
                educationOrganization.subclasses().stream().map(QualifiedResourceName::resourceName).sorted().toList());
    }

    @Test
    void roleNamedReferencesKeepTheirRoleAndTarget() {
        ReferenceDefinition nextYearSchool = resource("studentSchoolAssociations").references().stream()
                .filter(r -> r.name().equals("NextYearSchool")).findFirst().orElseThrow();
        assertEquals("School", nextYearSchool.target().resourceName());
        assertEquals("$.nextYearSchoolReference", nextYearSchool.objectPath().toString());
        assertEquals("$.schoolId", nextYearSchool.fields().getFirst().targetIdentityPath().toString());
        assertFalse(nextYearSchool.partOfIdentity());
    }

    @Test
    void referencesInCollectionsPointAtEachItemsReferenceObject() {
        ReferenceDefinition classPeriod = resource("bellSchedules").references().stream()
                .filter(r -> r.name().equals("ClassPeriod")).findFirst().orElseThrow();
        assertEquals("$.classPeriods[*].classPeriodReference", classPeriod.objectPath().toString());
        assertEquals(List.of("classPeriodName", "schoolId"),
                classPeriod.fields().stream().map(ReferenceDefinition.Field::propertyName).toList());
    }

    @Test
    void topLevelIdentityMembersMissingFromIdentityJsonPathsCompleteTheNaturalKey() {
        ResourceSchema attendance = resource("studentSchoolAttendanceEvents");
        assertEquals(List.of("$.schoolReference.schoolId", "$.studentReference.studentUniqueId",
                        "$.attendanceEventCategoryDescriptor", "$.eventDate"),
                attendance.identityPaths().stream().map(JsonPath::toString).toList());
        assertEquals(2, attendance.declaredIdentityPaths().size());
        assertTrue(attendance.hasIdentityGap());
    }

    @Test
    void identityMembersInsideCollectionsIdentifyTheItemNotTheDocument() {
        ResourceSchema school = resource("schools");
        assertEquals(List.of(JsonPath.of("$.schoolId")), school.identityPaths());
        assertFalse(school.hasIdentityGap());
    }

    @Test
    void datePathsComeFromTheMappingTypes() {
        assertTrue(resource("schools").datePaths().contains(JsonPath.of("$.charterApprovalDate")));
        assertEquals(List.of(JsonPath.of("$.enrollmentRecordedAt")), resource("studentSchoolAssociations").dateTimePaths());
    }

    @Test
    void queryFieldsAreReadWithTheirPathsAndTypes() {
        QueryField schoolId = resource("studentSchoolAssociations").queryFields().get("schoolId");
        assertEquals("$.schoolReference.schoolId", schoolId.targets().getFirst().path().toString());
        assertEquals("number", schoolId.targets().getFirst().type());
        assertTrue(schoolId.targets().getFirst().partOfIdentity());
    }

    // --- malformed and inconsistent files ---

    private String loadError(Consumer<ObjectNode> damage) {
        ObjectNode json = Fixtures.smallCoreJson();
        damage.accept(json);
        return assertThrows(SchemaLoadException.class, () -> ApiSchemaLoader.fromJson(Map.of("damaged.json", json))).getMessage();
    }

    private static ObjectNode resourceNode(ObjectNode root, String endpoint) {
        return (ObjectNode) root.path("projectSchemas").path("ed-fi").path("resourceSchemas").path(endpoint);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        String message = assertThrows(SchemaLoadException.class, () -> ApiSchemaLoader.load(missing)).getMessage();
        assertTrue(message.contains("nope.json") && message.contains("no such file"), message);
    }

    @Test
    void invalidJsonIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"apiSchemaVersion\": \"1.0.0\",\n  \"projectSchemas\": {\n");
        String message = assertThrows(SchemaLoadException.class, () -> ApiSchemaLoader.load(broken)).getMessage();
        assertTrue(message.contains("broken.json: not valid JSON") && message.contains("line"), message);
    }

    @Test
    void anUnsupportedFormatVersionIsRejected() {
        String message = loadError(json -> json.put("apiSchemaVersion", "9.0.0"));
        assertTrue(message.contains("damaged.json: apiSchemaVersion: unsupported ApiSchema format version '9.0.0'"), message);
    }

    @Test
    void aResourceWithoutANameIsRejectedWithItsLocation() {
        String message = loadError(json -> resourceNode(json, "schools").remove("resourceName"));
        assertTrue(message.contains("projectSchemas.ed-fi.resourceSchemas.schools.resourceName: is missing"), message);
    }

    @Test
    void aReferenceToAnUnknownResourceIsRejected() {
        String message = loadError(json -> ((ObjectNode) resourceNode(json, "sessions").path("documentPathsMapping").path("School"))
                .put("resourceName", "Skool"));
        assertTrue(message.contains("reference target Ed-Fi.Skool is not a resource of any loaded project"), message);
    }

    @Test
    void aReferenceCarryingTheWrongIdentityIsRejected() {
        String message = loadError(json -> ((ObjectNode) resourceNode(json, "sessions").path("documentPathsMapping").path("School")
                .path("referenceJsonPaths").get(0)).put("identityJsonPath", "$.schoolCode"));
        assertTrue(message.contains("the reference carries [$.schoolCode] but Ed-Fi.School is identified by [$.schoolId]"), message);
    }

    @Test
    void referencePathsThatDoNotShareOneObjectAreRejected() {
        String message = loadError(json -> ((ObjectNode) resourceNode(json, "bellSchedules").path("documentPathsMapping").path("ClassPeriod")
                .path("referenceJsonPaths").get(1)).put("referenceJsonPath", "$.classPeriods[*].otherReference.schoolId"));
        assertTrue(message.contains("must share one object"), message);
    }

    @Test
    void anUnknownSuperclassIsRejected() {
        String message = loadError(json -> resourceNode(json, "schools").put("superclassResourceName", "Organization"));
        assertTrue(message.contains("superclass Ed-Fi.Organization is not an abstract resource"), message);
    }

    @Test
    void anIdentityPathTheSchemaDoesNotDeclareIsRejected() {
        String message = loadError(json -> ((ArrayNode) resourceNode(json, "students").path("identityJsonPaths")).set(0, "$.studentId"));
        assertTrue(message.contains("path $.studentId is not declared by the resource's jsonSchemaForInsert"), message);
    }

    @Test
    void anUnsupportedJsonPathIsRejected() {
        String message = loadError(json -> ((ArrayNode) resourceNode(json, "students").path("identityJsonPaths")).set(0, "$..studentUniqueId"));
        assertTrue(message.contains("students.identityJsonPaths[0]: Empty property name in JSON path: $..studentUniqueId"), message);
    }

    @Test
    void aDescriptorPathNamingAnUnknownDescriptorIsRejected() {
        String message = loadError(json -> ((ObjectNode) resourceNode(json, "schools").path("documentPathsMapping")
                .path("GradeLevel.GradeLevelDescriptor")).put("resourceName", "GradeDescriptor"));
        assertTrue(message.contains("names Ed-Fi.GradeDescriptor, which is not a descriptor"), message);
    }

    @Test
    void aCaseMappingToAnUnknownEndpointIsRejected() {
        String message = loadError(json -> ((ObjectNode) json.path("projectSchemas").path("ed-fi").path("caseInsensitiveEndpointNameMapping"))
                .put("buses", "buses"));
        assertTrue(message.contains("names endpoint 'buses', which is not in resourceSchemas"), message);
    }

    @Test
    void anExtensionWithoutItsCoreIsRejected() {
        String message = loadError(json -> ((ObjectNode) json.path("projectSchemas").path("ed-fi")).put("isExtensionProject", true));
        assertTrue(message.contains("an extension needs its core Data Standard ApiSchema too"), message);
    }
}
