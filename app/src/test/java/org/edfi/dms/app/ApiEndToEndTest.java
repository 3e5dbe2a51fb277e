package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP to result and back through the real parts: the Data Standard 5.0 schema, an in-process
 * Kafka broker, the integrity processor's Kafka Streams client, the store-sink into an embedded
 * PostgreSQL, and the Helidon server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiEndToEndTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;
    private static TestApi api;
    private static String schoolLocation;

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.start(TestApi.dataStandard(), dataDir, "127.0.0.1", 0, Duration.ofSeconds(3));
        api = TestApi.of(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return api.send(method, path, body, headers);
    }

    private static HttpResponse<String> post(String resource, String body) throws Exception {
        return send("POST", "/data/ed-fi/" + resource, body);
    }

    private static String descriptor(String type, String code) {
        return "{\"namespace\": \"uri://ed-fi.org/" + type + "\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    private static final String SCHOOL = """
            {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
             "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
             "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""";

    @Test
    @Order(1)
    void aSchoolIsCreatedOnceItsDescriptorsExist() throws Exception {
        HttpResponse<String> missing = post("schools", SCHOOL);
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(missing.body().contains("GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' does not exist."));

        assertEquals(201, post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade")).statusCode());
        assertEquals(201, post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School")).statusCode());

        HttpResponse<String> created = post("schools", SCHOOL);
        assertEquals(201, created.statusCode(), created.body());
        schoolLocation = created.headers().firstValue("Location").orElseThrow();
        assertTrue(schoolLocation.matches("/data/ed-fi/schools/[0-9a-f-]{36}"), schoolLocation);
        assertTrue(created.headers().firstValue("ETag").orElseThrow().startsWith("\""));
    }

    @Test
    @Order(2)
    void postingTheSameNaturalKeyUpdatesTheSameDocument() throws Exception {
        HttpResponse<String> again = send("POST", "/data/v3/ed-fi/schools", SCHOOL.replace("Grand Bend High School", "Grand Bend HS"));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(schoolLocation.substring(schoolLocation.lastIndexOf('/')),
                again.headers().firstValue("Location").orElseThrow().substring(again.headers().firstValue("Location").orElseThrow().lastIndexOf('/')));
    }

    @Test
    @Order(3)
    void aWriteIsReadableAsSoonAsItIsAcknowledged() throws Exception {
        HttpResponse<String> read = send("GET", schoolLocation, null);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode school = MessageCodec.MAPPER.readTree(read.body());
        assertEquals(schoolLocation.substring(schoolLocation.lastIndexOf('/') + 1), school.get("id").asText());
        assertEquals("Grand Bend HS", school.get("nameOfInstitution").asText(), "the 200 upsert is visible");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(etag, "\"" + school.get("_etag").asText() + "\"");
        assertTrue(school.has("_lastModifiedDate"));
        assertEquals(304, send("GET", schoolLocation, null, "If-None-Match", etag).statusCode());

        HttpResponse<String> query = send("GET", "/data/ed-fi/schools?schoolId=255901001&totalCount=true", null);
        assertEquals(200, query.statusCode(), query.body());
        assertEquals("1", query.headers().firstValue("Total-Count").orElseThrow());
        assertEquals(1, MessageCodec.MAPPER.readTree(query.body()).size());
        assertEquals("[]", send("GET", "/data/ed-fi/schools?schoolId=1", null).body());
        assertEquals(400, send("GET", "/data/ed-fi/schools?limit=501", null).statusCode());
        assertEquals(404, send("GET", "/data/ed-fi/schools/" + java.util.UUID.randomUUID(), null).statusCode());
        assertEquals(400, send("GET", "/data/ed-fi/schools/not-an-id", null).statusCode(), "a malformed id");
    }

    @Test
    @Order(4)
    void aPutNeedsTheCurrentEtagAndMayNotChangeASchoolsKey() throws Exception {
        String id = schoolLocation.substring(schoolLocation.lastIndexOf('/') + 1);
        String body = SCHOOL.replace("{", "{\"id\": \"" + id + "\", ");
        assertEquals(412, send("PUT", schoolLocation, body, "If-Match", "\"1\"").statusCode());
        HttpResponse<String> updated = send("PUT", schoolLocation, body);
        assertEquals(204, updated.statusCode(), updated.body());
        String etag = updated.headers().firstValue("ETag").orElseThrow();
        assertEquals(204, send("PUT", schoolLocation, body.replace("Grand Bend High School", "GBHS"), "If-Match", etag).statusCode());

        HttpResponse<String> keyChange = send("PUT", schoolLocation, body.replace("255901001", "255901002"));
        assertEquals(400, keyChange.statusCode());
        JsonNode problem = MessageCodec.MAPPER.readTree(keyChange.body());
        assertEquals("urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported", problem.get("type").asText());
    }

    @Test
    @Order(5)
    void aReferencedDescriptorCannotBeDeletedButTheSchoolCan() throws Exception {
        HttpResponse<String> descriptor = post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        String descriptorLocation = descriptor.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> refused = send("DELETE", descriptorLocation, null);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("referenced by existing School item(s)"), refused.body());

        assertEquals(204, send("DELETE", schoolLocation, null).statusCode());
        assertEquals(404, send("GET", schoolLocation, null).statusCode(), "a delete is visible as soon as it is acknowledged");
        assertEquals(404, send("DELETE", schoolLocation, null).statusCode());
        assertEquals(204, send("DELETE", descriptorLocation, null).statusCode());
    }

    @Test
    @Order(6)
    void theApiDescribesItself() throws Exception {
        JsonNode discovery = MessageCodec.MAPPER.readTree(send("GET", "/", null).body());
        assertEquals("Ed-Fi", discovery.at("/dataModels/0/name").asText());
        assertEquals("5.0.0", discovery.at("/dataModels/0/version").asText());
        assertTrue(discovery.at("/urls/dataManagementApi").asText().endsWith("/data"));
        assertTrue(discovery.at("/urls/changeQueries").asText().endsWith("/changeQueries/v1/"), "discovery lists change queries as the ODS/API does");

        JsonNode dependencies = MessageCodec.MAPPER.readTree(send("GET", "/metadata/dependencies", null).body());
        assertEquals(328, dependencies.size());
        assertEquals(1, dependencies.get(0).get("order").asInt());

        JsonNode openApi = MessageCodec.MAPPER.readTree(send("GET", "/metadata/specifications/resources-spec.json", null).body());
        assertEquals("3.1.0", openApi.get("openapi").asText());
        assertTrue(openApi.at("/paths").has("/ed-fi/schools"));
        assertTrue(openApi.at("/paths").has("/ed-fi/schools/{id}"));
        assertTrue(openApi.at("/paths").has("/ed-fi/schools/deletes"));
        assertTrue(openApi.at("/paths").has("/ed-fi/schools/keyChanges"));
        List<String> windowParameters = new ArrayList<>();
        openApi.at("/paths/~1ed-fi~1schools/get/parameters").forEach(p -> windowParameters.add(p.get("name").asText()));
        assertTrue(windowParameters.containsAll(List.of("minChangeVersion", "maxChangeVersion")), windowParameters.toString());
        JsonNode descriptors = MessageCodec.MAPPER.readTree(send("GET", "/metadata/specifications/descriptors-spec.json", null).body());
        assertEquals(200, descriptors.get("paths").size() / 5, "each descriptor: collection, partitions, deletes, key changes and item");
        JsonNode changeQueries = MessageCodec.MAPPER.readTree(send("GET", "/metadata/specifications/changeQueries-spec.json", null).body());
        assertTrue(changeQueries.at("/paths").has("/availableChangeVersions"), changeQueries.toString());

        assertEquals("oauth2", openApi.at("/components/securitySchemes/oauth2_client_credentials/type").asText());
        assertEquals("/oauth/token", openApi.at("/components/securitySchemes/oauth2_client_credentials/flows/clientCredentials/tokenUrl").asText());

        HttpResponse<String> health = send("GET", "/health", null);
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("Healthy", MessageCodec.MAPPER.readTree(health.body()).get("status").asText());
    }

    @Test
    @Order(6)
    void swaggerUiShowsTheApisOwnDocumentsAndDiscoveryLinksIt() throws Exception {
        JsonNode discovery = MessageCodec.MAPPER.readTree(send("GET", "/", null).body());
        String swaggerUi = discovery.at("/urls/swaggerUI").asText();
        assertTrue(swaggerUi.endsWith("/swagger-ui/"), swaggerUi);

        HttpResponse<String> page = send("GET", "/swagger-ui/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().map().toString());
        assertTrue(page.body().contains("swagger-initializer.js"));
        HttpResponse<String> initializer = send("GET", "/swagger-ui/swagger-initializer.js", null);
        assertTrue(initializer.body().contains("../metadata/specifications/resources-spec.json"), initializer.body());
        assertTrue(initializer.body().contains("../metadata/specifications/descriptors-spec.json"));
        HttpResponse<String> bundle = send("GET", "/swagger-ui/swagger-ui-bundle.js", null);
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.headers().firstValue("Content-Type").orElseThrow().contains("javascript"));
        assertEquals(301, send("GET", "/swagger-ui", null).statusCode());
    }

    @Test
    @Order(7)
    void badRequestsGetEdFiProblems() throws Exception {
        HttpResponse<String> invalid = post("students", "{\"studentUniqueId\": \"1\"}");
        assertEquals(400, invalid.statusCode());
        JsonNode problem = MessageCodec.MAPPER.readTree(invalid.body());
        assertEquals("urn:ed-fi:api:bad-request:data-validation-failed", problem.get("type").asText());
        assertTrue(problem.get("validationErrors").has("$.firstName"));
        assertTrue(problem.hasNonNull("correlationId"));

        assertEquals(404, post("spaceships", "{}").statusCode());
        assertEquals(404, send("GET", "/nothing/here", null).statusCode());
        assertEquals(404, send("GET", "/data/ed-fi/spaceships", null).statusCode());
        assertEquals(400, post("students", "").statusCode());

        HttpResponse<String> patch = send("PATCH", "/data/ed-fi/students", "{}");
        assertEquals(405, patch.statusCode());
        assertEquals("GET, POST", patch.headers().firstValue("Allow").orElseThrow());
        assertEquals("GET, PUT, DELETE", send("POST", "/data/ed-fi/students/" + java.util.UUID.randomUUID(), "{}")
                .headers().firstValue("Allow").orElseThrow());
    }

    @Test
    @Order(8)
    void aWriteWhoseResultDoesNotComeInTimeIs504() throws Exception {
        stack.processor().close(); // the processor is gone; the ingress still takes the write
        HttpResponse<String> waiting = post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Tenth grade"));
        assertEquals(504, waiting.statusCode(), waiting.body());
        assertEquals("urn:ed-fi:api:gateway-timeout", MessageCodec.MAPPER.readTree(waiting.body()).get("type").asText());
        HttpResponse<String> health = send("GET", "/health", null);
        assertEquals(200, health.statusCode(), "an instance's stopped processor does not take the node out: " + health.body());
        JsonNode told = MessageCodec.MAPPER.readTree(health.body());
        assertEquals("Degraded", told.path("status").asText(), health.body());
        assertEquals("failed", told.at("/instances/default.default").asText(), "health reports the stopped processor: " + health.body());
    }
}
