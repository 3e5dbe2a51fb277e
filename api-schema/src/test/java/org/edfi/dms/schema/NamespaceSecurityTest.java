package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which Data Standard 5.0 resources are namespaced, found from the ApiSchema alone, and what a vendor's prefixes let through. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceSecurityTest {

    private ApiSchema schema;

    @BeforeAll
    void load() throws SchemaLoadException {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
    }

    private List<String> paths(String resource) {
        return NamespaceSecurity.namespacePaths(schema.findResource("ed-fi", resource).orElseThrow()).stream().map(JsonPath::toString).toList();
    }

    @Test
    void aNamespaceInTheNaturalKeyOrAtTheTopMakesAResourceNamespaced() {
        assertEquals(List.of("$.namespace"), paths("gradeLevelDescriptors"));
        assertEquals(List.of("$.namespace"), paths("assessments"));
        assertEquals(List.of("$.assessmentReference.namespace"), paths("studentAssessments"), "through the referenced assessment");
        assertEquals(List.of("$.namespace"), paths("learningStandards"), "a top-level namespace outside the natural key");
        assertEquals(List.of(), paths("students"));
        assertEquals(List.of(), paths("schools"));
        long namespaced = schema.resources().stream().filter(r -> !NamespaceSecurity.namespacePaths(r).isEmpty()).count();
        long descriptors = schema.resources().stream().filter(ResourceSchema::isDescriptor).count();
        assertTrue(namespaced > descriptors, "every descriptor and a few dozen other resources: " + namespaced);
    }

    @Test
    void everyNamespaceMustStartWithOneOfThePrefixes() throws Exception {
        ResourceSchema assessments = schema.findResource("ed-fi", "studentAssessments").orElseThrow();
        var document = new ObjectMapper().readTree("{\"assessmentReference\": {\"assessmentIdentifier\": \"A\", \"namespace\": \"uri://gbisd.edu/Assessment\"}}");
        assertTrue(NamespaceSecurity.check(assessments, document, List.of("uri://ed-fi.org", "uri://gbisd.edu"), false).isEmpty());
        Refusal refused = NamespaceSecurity.check(assessments, document, List.of("uri://ed-fi.org", "uri://tpdm.org"), true).orElseThrow();
        assertEquals(Refusal.Kind.NAMESPACE_DENIED, refused.kind());
        assertEquals("The existing 'Namespace' value of the data ('uri://gbisd.edu/Assessment') does not start with any of the caller's"
                + " associated namespace prefixes ('uri://ed-fi.org', 'uri://tpdm.org').", refused.message());
        assertEquals(Refusal.Kind.NO_NAMESPACES, NamespaceSecurity.check(assessments, document, List.of(), false).orElseThrow().kind(),
                "a vendor without prefixes writes no namespaced document");
    }
}
