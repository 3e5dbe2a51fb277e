package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Test;

/** A core model plus an extension project: new resources, and additions to a core resource under _ext. */
class ExtensionProjectTest {

    private static final ApiSchema SCHEMA = Fixtures.load(Fixtures.smallCoreJson(), Fixtures.resourceJson("/fixtures/sample-extension.json"));
    private static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);

    private static final String SCHOOL = """
            {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
             "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]%s}""";

    @Test
    void theExtensionIsAProjectOfItsOwnAfterTheCore() {
        assertEquals(List.of("ed-fi", "sample"), SCHEMA.projects().stream().map(ProjectSchema::endpointName).toList());
        ProjectSchema sample = SCHEMA.findProject("Sample").orElseThrow();
        assertTrue(sample.isExtension());
        assertEquals(List.of("buses", "cafeteriaDescriptors"), sample.resources().stream().map(ResourceSchema::endpointName).toList());
        assertTrue(SCHEMA.findResource("sample", "schools").isEmpty(), "a resource extension is not an endpoint");
    }

    @Test
    void newResourcesReferenceCoreResources() {
        ResourceSchema buses = SCHEMA.findResource("sample", "buses").orElseThrow();
        ObjectNode bus = Fixtures.body("{\"busId\": \"B-12\", \"schoolReference\": {\"schoolId\": 255901001}}");
        assertEquals(Optional.empty(), VALIDATOR.validateInsert(buses, bus));
        ExtractedDocument extracted = DocumentExtractor.extract(buses, bus);
        assertEquals(new QualifiedResourceName("Sample", "Bus"), extracted.identity().resource());
        assertEquals(new QualifiedResourceName("Ed-Fi", "School"), extracted.documentReferences().getFirst().target().resource());
    }

    @Test
    void aCoreResourceAcceptsItsExtensionDataUnderExt() {
        ResourceSchema schools = SCHEMA.findResource("ed-fi", "schools").orElseThrow();
        ObjectNode school = Fixtures.body(SCHOOL.formatted(
                ", \"_ext\": {\"sample\": {\"isExemplary\": \"true\", \"cafeteriaDescriptor\": \"uri://sample.org/CafeteriaDescriptor#Hot\"}}"));
        assertEquals(Optional.empty(), VALIDATOR.validateInsert(schools, school));
        assertTrue(school.at("/_ext/sample/isExemplary").isBoolean(), "extension coercions apply");

        ExtractedDocument extracted = DocumentExtractor.extract(schools, school);
        assertTrue(extracted.descriptorReferences().stream()
                .anyMatch(d -> d.path().equals("$._ext.sample.cafeteriaDescriptor")
                        && d.target().resource().equals(new QualifiedResourceName("Sample", "CafeteriaDescriptor"))));
    }

    @Test
    void extensionDataIsValidatedByTheExtensionsSchema() {
        ResourceSchema schools = SCHEMA.findResource("ed-fi", "schools").orElseThrow();
        Refusal refusal = VALIDATOR.validateInsert(schools, Fixtures.body(SCHOOL.formatted(", \"_ext\": {\"sample\": {}}"))).orElseThrow();
        assertEquals(Map.of("$._ext.sample.isExemplary", List.of("isExemplary is required.")), refusal.validationErrors());
    }

    @Test
    void aCoreDocumentWithoutExtensionDataIsStillValid() {
        ResourceSchema schools = SCHEMA.findResource("ed-fi", "schools").orElseThrow();
        assertEquals(Optional.empty(), VALIDATOR.validateInsert(schools, Fixtures.body(SCHOOL.formatted(""))));
    }

    @Test
    void anExtensionOfAnUnknownResourceIsRejected() {
        ObjectNode extension = (ObjectNode) Fixtures.resourceJson("/fixtures/sample-extension.json");
        ((ObjectNode) extension.at("/projectSchema/resourceSchemas/schools")).put("resourceName", "Skool");
        String message = assertThrows(SchemaLoadException.class,
                () -> ApiSchemaLoader.fromJson(Map.of("core.json", Fixtures.smallCoreJson(), "sample.json", extension))).getMessage();
        assertTrue(message.contains("extends resource Skool, which no other loaded project defines"), message);
    }
}
