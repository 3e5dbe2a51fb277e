package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole Ed-Fi Data Standard 5.0 ApiSchema, from shared/edfi beside the repository. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataStandard50Test {

    private ApiSchema schema;
    private DocumentValidator validator;

    @BeforeAll
    void load() throws SchemaLoadException {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
        validator = DocumentValidator.forSchema(schema);
    }

    Stream<String> endpoints() throws SchemaLoadException {
        if (schema == null) {
            load();
        }
        return schema.resources().stream().map(ResourceSchema::endpointName);
    }

    @Test
    void hasTheDataStandardsResources() {
        ProjectSchema project = schema.findProject("ed-fi").orElseThrow();
        assertEquals("5.0.0", project.version());
        assertEquals(328, project.resources().size());
        assertEquals(200, project.descriptorCount());
        assertEquals(2, project.abstractResources().size());
        assertEquals(9, schema.findAbstract(new QualifiedResourceName("Ed-Fi", "EducationOrganization")).orElseThrow().subclasses().size());
    }

    @Test
    void completesTheSixKnownIdentityGaps() {
        List<String> gaps = schema.resources().stream().filter(ResourceSchema::hasIdentityGap).map(ResourceSchema::endpointName).sorted().toList();
        assertEquals(List.of("communityProviderLicenses", "staffEducationOrganizationEmploymentAssociations",
                "studentInterventionAttendanceEvents", "studentProgramAttendanceEvents", "studentSchoolAttendanceEvents",
                "studentSectionAttendanceEvents"), gaps);
        ResourceSchema employment = schema.findResource("ed-fi", "staffEducationOrganizationEmploymentAssociations").orElseThrow();
        assertTrue(employment.identityPaths().contains(JsonPath.of("$.hireDate")));
    }

    @Test
    void queryFieldsNamedLikeAnIdentityMemberFilterOnIt() {
        QueryField schoolId = schema.findResource("ed-fi", "studentSchoolAssociations").orElseThrow().queryFields().get("schoolId");
        assertEquals(List.of(JsonPath.of("$.schoolReference.schoolId")), schoolId.targets().stream().map(QueryField.Target::path).toList());
        QueryField learningStandardId = schema.findResource("ed-fi", "learningStandards").orElseThrow().queryFields().get("learningStandardId");
        assertEquals(List.of(JsonPath.of("$.learningStandardId")), learningStandardId.targets().stream().map(QueryField.Target::path).toList());
        QueryField nextYear = schema.findResource("ed-fi", "studentSchoolAssociations").orElseThrow().queryFields().get("entryDate");
        assertEquals(List.of(JsonPath.of("$.entryDate")), nextYear.targets().stream().map(QueryField.Target::path).toList());
    }

    @Test
    void queryFieldsTheFileTypesAsStringsAreTypedAsTheDocumentHoldsThem() {
        ResourceSchema schoolYears = schema.findResource("ed-fi", "schoolYearTypes").orElseThrow();
        assertEquals("number", schoolYears.queryFields().get("schoolYear").targets().getFirst().type());
        assertEquals("boolean", schoolYears.queryFields().get("currentSchoolYear").targets().getFirst().type());
        assertEquals("string", schoolYears.queryFields().get("schoolYearDescription").targets().getFirst().type());
    }

    @Test
    void ordersEveryResourceAfterWhatItReferences() {
        DependencyOrder order = schema.dependencyOrder();
        assertEquals(328, order.entries().size());
        for (DependencyOrder.Entry entry : order.entries()) {
            for (ResourceSchema dependency : entry.dependencies()) {
                assertTrue(order.entryFor(dependency).order() < entry.order(), entry.resource() + " after " + dependency);
            }
        }
        List<String> selfReferencing = order.entries().stream().filter(DependencyOrder.Entry::selfReferencing)
                .map(e -> e.resource().endpointName()).sorted().toList();
        assertTrue(selfReferencing.containsAll(List.of("educationContents", "learningStandards", "localEducationAgencies", "objectiveAssessments")),
                selfReferencing.toString());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aMinimalDocumentValidatesAndExtracts(String endpoint) {
        ResourceSchema resource = schema.findResource("ed-fi", endpoint).orElseThrow();
        ObjectNode document = MinimalDocuments.minimal(resource);
        assertEquals(Optional.empty(), validator.validateInsert(resource, document), document.toString());

        ExtractedDocument extracted = DocumentExtractor.extract(resource, document);
        int identitySize = resource.isDescriptor() ? 1 : resource.identityPaths().size();
        assertEquals(identitySize, extracted.identity().elements().size());
        assertNotNull(extracted.identity().referentialId());
        assertEquals(resource.superclass().isPresent(), extracted.superclassIdentity().isPresent());
        for (DocumentReference reference : extracted.documentReferences()) {
            assertTrue(schema.findResource(reference.target().resource()).isPresent()
                    || schema.findAbstract(reference.target().resource()).isPresent(), reference.toString());
            assertFalse(reference.target().elements().isEmpty());
        }
        long requiredReferences = resource.references().stream()
                .filter(r -> !r.objectPath().hasWildcard() && document.has(r.objectPath().toString().substring(2)))
                .count();
        assertTrue(extracted.documentReferences().size() >= requiredReferences);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aDocumentMissingAnIdentityValueFailsAtThatPath(String endpoint) {
        ResourceSchema resource = schema.findResource("ed-fi", endpoint).orElseThrow();
        ObjectNode document = MinimalDocuments.minimal(resource);
        JsonPath removed = resource.isDescriptor() ? JsonPath.of("$.codeValue") : resource.identityPaths().getFirst();
        ObjectNode parent = (ObjectNode) (removed.depth() == 1 ? document : removed.parent().value(document));
        parent.remove(removed.lastPropertyName());

        Refusal refusal = validator.validateInsert(resource, document).orElseThrow();
        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        assertEquals(Map.of(removed.toString(), List.of(removed.lastPropertyName() + " is required.")), refusal.validationErrors());
    }
}
