package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.instances.InstanceState;
import org.edfi.dms.runtime.Node;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Ed-Fi client sees as the Ed-Fi DMS shows it (issue 23, items 4 to 7), on one node over
 * real Kafka and PostgreSQL with the Data Standard 5.0 ApiSchema and its XSDs: the validation the
 * Data Standard defines, values as the DMS returns them, its problem details word for word, and
 * its metadata endpoints. Where this project words something its own way, docs/ed-fi-differences.md says so.
 */
class DmsParityTest {

    @TempDir
    static Path dir;

    private static SecuredNode node;
    private static TestApi api;

    private static final String DATA = "/data/ed-fi/";

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "parity", TestApi.dataStandardWithXsd(), Node.Security.DEFAULT.rateLimit());
        api = new TestApi(node.port());
        for (String[] descriptor : new String[][] {{"GradeLevelDescriptor", "Ninth grade"}, {"GradeLevelDescriptor", "Tenth grade"},
                {"EducationOrganizationCategoryDescriptor", "School"}, {"EducationOrganizationCategoryDescriptor", "Local Education Agency"},
                {"LocalEducationAgencyCategoryDescriptor", "Independent"}, {"AcademicSubjectDescriptor", "Mathematics"}}) {
            api.expect(201, "POST", DATA + lower(descriptor[0]) + "s", EdFiBodies.descriptor(descriptor[0], descriptor[1]));
        }
        api.expect(201, "POST", DATA + "schools", school(255901001, "Ninth grade"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    // ---- 4. validation the Data Standard defines -----------------------------------------------

    @Test
    void aDecimalOutsideTheDataStandardsPrecisionAndScaleIsRefusedWithTheRangeItAllows() throws Exception {
        JsonNode problem = problem(api.expect(400, "POST", DATA + "staffs",
                "{\"staffUniqueId\": \"S-1\", \"firstName\": \"Ann\", \"lastSurname\": \"Lee\", \"yearsOfPriorProfessionalExperience\": 1000}"));
        assertEquals("urn:ed-fi:api:bad-request:data-validation-failed", problem.path("type").asText());
        assertEquals(List.of("yearsOfPriorProfessionalExperience must be between -999.99 and 999.99."),
                texts(problem.path("validationErrors").path("$.yearsOfPriorProfessionalExperience")));

        api.expect(201, "POST", DATA + "staffs",
                "{\"staffUniqueId\": \"S-2\", \"firstName\": \"Ann\", \"lastSurname\": \"Lee\", \"yearsOfPriorProfessionalExperience\": -999.99}");
    }

    @Test
    void aCollectionItemWithTheSameIdentifyingValuesAsAnEarlierOneIsRefused() throws Exception {
        JsonNode problem = problem(api.expect(400, "POST", DATA + "schools", """
                {"schoolId": 255901002, "nameOfInstitution": "Duplicates High",
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"},
                                 {"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Tenth grade"},
                                 {"gradeLevelDescriptor": "uri://ed-fi.org/gradeleveldescriptor#ninth grade"},
                                 {"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Tenth grade"}]}"""));
        assertEquals(List.of("The 3rd item of the gradeLevels has the same identifying values as another item earlier in the list.",
                "The 4th item of the gradeLevels has the same identifying values as another item earlier in the list."),
                texts(problem.path("validationErrors").path("$.gradeLevels")), problem.toString());
    }

    @Test
    void anEmptyStringForARequiredFieldIsTold() throws Exception {
        JsonNode problem = problem(api.expect(400, "POST", DATA + "students",
                "{\"studentUniqueId\": \"ST-1\", \"firstName\": \"\", \"lastSurname\": \"Doe\", \"birthDate\": \"2010-01-01\"}"));
        assertEquals("{\"$.firstName\":[\"firstName is required and should not be left empty.\"]}", problem.path("validationErrors").toString());
    }

    @Test
    void stringsHoldBooleansInAnyCaseAndNumbersButNotOneOrZeroForBooleans() throws Exception {
        String id = TestApi.idOf(api.expect(201, "POST", DATA + "staffs", """
                {"staffUniqueId": "S-3", "firstName": "Ann", "lastSurname": "Lee", "hispanicLatinoEthnicity": "TRUE",
                 "yearsOfPriorTeachingExperience": "12.5"}"""));
        JsonNode staff = MessageCodec.MAPPER.readTree(api.expect(200, "GET", DATA + "staffs/" + id, null).body());
        assertTrue(staff.path("hispanicLatinoEthnicity").isBoolean() && staff.path("hispanicLatinoEthnicity").booleanValue(), staff.toString());
        assertEquals(12.5, staff.path("yearsOfPriorTeachingExperience").doubleValue());

        JsonNode problem = problem(api.expect(400, "POST", DATA + "staffs",
                "{\"staffUniqueId\": \"S-4\", \"firstName\": \"Ann\", \"lastSurname\": \"Lee\", \"hispanicLatinoEthnicity\": \"1\"}"));
        assertTrue(problem.path("validationErrors").has("$.hispanicLatinoEthnicity"), problem.toString());
    }

    // ---- 5. values as the DMS returns them ------------------------------------------------------

    @Test
    void dateTimesAreStoredInUtcWithZ() throws Exception {
        api.expect(201, "POST", DATA + "students",
                "{\"studentUniqueId\": \"ST-2\", \"firstName\": \"Lisa\", \"lastSurname\": \"Doe\", \"birthDate\": \"2010-01-01\"}");
        api.expect(201, "POST", DATA + "assessments", """
                {"assessmentIdentifier": "A-1", "namespace": "uri://ed-fi.org/Assessment", "assessmentTitle": "Algebra",
                 "academicSubjects": [{"academicSubjectDescriptor": "uri://ed-fi.org/AcademicSubjectDescriptor#Mathematics"}]}""");
        List<String> stored = new ArrayList<>();
        String[][] sent = {{"2021-09-28T14:15:30+02:00", "2021-09-28T12:15:30Z"}, {"2021-09-28T14:15:30", "2021-09-28T14:15:30Z"},
                {"2021-09-28 2:15:30 PM", "2021-09-28T14:15:30Z"}, {"2021-09-28", "2021-09-28T00:00:00Z"}};
        for (int i = 0; i < sent.length; i++) {
            String id = TestApi.idOf(api.expect(201, "POST", DATA + "studentAssessments", """
                    {"studentAssessmentIdentifier": "SA-%d", "studentReference": {"studentUniqueId": "ST-2"},
                     "assessmentReference": {"assessmentIdentifier": "A-1", "namespace": "uri://ed-fi.org/Assessment"},
                     "administrationDate": "%s"}""".formatted(i, sent[i][0])));
            stored.add(MessageCodec.MAPPER.readTree(api.expect(200, "GET", DATA + "studentAssessments/" + id, null).body())
                    .path("administrationDate").asText());
        }
        assertEquals(List.of(sent[0][1], sent[1][1], sent[2][1], sent[3][1]), stored);

        // A filter's date-time is compared in UTC too, whatever offset it is given in.
        assertEquals(List.of("SA-0"), identifiers("administrationDate=2021-09-28T14:15:30%2B02:00"));
        assertEquals(List.of("SA-1", "SA-2"), identifiers("administrationDate=2021-09-28T09:15:30-05:00"));
        assertEquals(List.of("SA-3"), identifiers("administrationDate=2021-09-28"));
    }

    /** The student assessments a query finds, by identifier. */
    private static List<String> identifiers(String query) throws Exception {
        List<String> found = new ArrayList<>();
        json(api.expect(200, "GET", DATA + "studentAssessments?" + query, null)).forEach(item -> found.add(item.path("studentAssessmentIdentifier").asText()));
        return found.stream().sorted().toList();
    }

    @Test
    void aDescriptorSentInAnotherCaseIsStoredAndReturnedInTheDescriptorsOwnForm() throws Exception {
        String id = TestApi.idOf(api.expect(201, "POST", DATA + "schools", """
                {"schoolId": 255901003, "nameOfInstitution": "Case High",
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "URI://ED-FI.ORG/EducationOrganizationCategoryDescriptor#school"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/gradeleveldescriptor#NINTH GRADE"}]}"""));
        JsonNode school = MessageCodec.MAPPER.readTree(api.expect(200, "GET", DATA + "schools/" + id, null).body());
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Ninth grade", school.path("gradeLevels").path(0).path("gradeLevelDescriptor").asText());
        assertEquals("uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School",
                school.path("educationOrganizationCategories").path(0).path("educationOrganizationCategoryDescriptor").asText());
    }

    // ---- 6. problem details as the DMS words them ------------------------------------------------

    @Test
    void anUnresolvedReferenceIsAConflictListedByPath() throws Exception {
        JsonNode problem = problem(api.expect(409, "POST", DATA + "classPeriods",
                "{\"classPeriodName\": \"Nowhere\", \"schoolReference\": {\"schoolId\": 99}}"));
        assertEquals("urn:ed-fi:api:data-conflict:unresolved-reference", problem.path("type").asText());
        assertEquals("Unresolved Reference", problem.path("title").asText());
        assertEquals("One or more references could not be resolved. See 'validationErrors' for details.", problem.path("detail").asText());
        assertEquals("{\"$.schoolReference\":[\"The referenced School item does not exist.\"]}", problem.path("validationErrors").toString());
    }

    @Test
    void aDescriptorThatDoesNotExistIsABadRequest() throws Exception {
        JsonNode problem = problem(api.expect(400, "POST", DATA + "schools", school(255901004, "Twelfth grade")));
        assertEquals("urn:ed-fi:api:bad-request", problem.path("type").asText());
        assertEquals("Bad Request", problem.path("title").asText());
        assertEquals("Data validation failed. See 'validationErrors' for details.", problem.path("detail").asText());
        assertEquals("{\"$.gradeLevels[0].gradeLevelDescriptor\":[\"GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Twelfth grade'"
                + " does not exist.\"]}", problem.path("validationErrors").toString());
    }

    @Test
    void aNaturalKeyConflictOnCreateNamesTheDuplicateKey() throws Exception {
        JsonNode problem = problem(api.expect(409, "POST", DATA + "localEducationAgencies", EdFiBodies.lea(255901001)));
        assertEquals("urn:ed-fi:api:identity-conflict", problem.path("type").asText());
        assertEquals("Identifying Values Are Not Unique", problem.path("title").asText());
        assertEquals("The identifying value(s) of the item are the same as another item that already exists.", problem.path("detail").asText());
        assertEquals(List.of("A natural key conflict occurred when attempting to create a new resource LocalEducationAgency with a duplicate key."
                + " The duplicate keys and values are (localEducationAgencyId = 255901001)"), texts(problem.path("errors")));
    }

    @Test
    void aNaturalKeyConflictOnUpdateNamesTheDuplicateKey() throws Exception {
        api.expect(201, "POST", DATA + "classPeriods", "{\"classPeriodName\": \"First\", \"schoolReference\": {\"schoolId\": 255901001}}");
        String second = TestApi.idOf(api.expect(201, "POST", DATA + "classPeriods",
                "{\"classPeriodName\": \"Second\", \"schoolReference\": {\"schoolId\": 255901001}}"));
        JsonNode problem = problem(api.expect(409, "PUT", DATA + "classPeriods/" + second,
                "{\"id\": \"" + second + "\", \"classPeriodName\": \"First\", \"schoolReference\": {\"schoolId\": 255901001}}"));
        assertEquals("urn:ed-fi:api:identity-conflict", problem.path("type").asText());
        assertEquals(List.of("A natural key conflict occurred when attempting to update a resource ClassPeriod with a duplicate key."
                + " The duplicate keys and values are (classPeriodName = First),(schoolId = 255901001)"), texts(problem.path("errors")));
    }

    @Test
    void aDescriptorsIdentityCannotChangeOnPut() throws Exception {
        String id = TestApi.idOf(api.expect(201, "POST", DATA + "gradeLevelDescriptors", EdFiBodies.descriptor("GradeLevelDescriptor", "Eleventh grade")));
        JsonNode problem = problem(api.expect(400, "PUT", DATA + "gradeLevelDescriptors/" + id, "{\"id\": \"" + id
                + "\", \"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Grade 11\", \"shortDescription\": \"Grade 11\"}"));
        assertEquals("urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported", problem.path("type").asText());
        assertEquals("Key Change Not Supported", problem.path("title").asText());
        assertEquals("Identifying values for the GradeLevelDescriptor resource cannot be changed. Delete and recreate the resource item instead.",
                problem.path("detail").asText());
    }

    @Test
    void aBodyOfAnUnsupportedMediaTypeIsRefusedAsTheDmsWordsIt() throws Exception {
        HttpResponse<String> answer = api.send("POST", DATA + "students", "<Student/>", "Content-Type", "text/xml");
        assertEquals(415, answer.statusCode(), answer.body());
        JsonNode problem = problem(answer);
        assertEquals("urn:ed-fi:api:unsupported-media-type", problem.path("type").asText());
        assertEquals("Unsupported Media Type", problem.path("title").asText());
        assertEquals("The value specified in the 'Content-Type' header is not supported by this host.", problem.path("detail").asText());
        assertEquals(List.of("The value specified in the 'Content-Type' header is not supported by this host."), texts(problem.path("errors")));
    }

    @Test
    void aRequestThatCannotBeProcessedAtAllIsABadRequestWithItsErrors() throws Exception {
        JsonNode problem = problem(api.expect(400, "POST", DATA + "students", ""));
        assertEquals("urn:ed-fi:api:bad-request", problem.path("type").asText());
        assertEquals("Bad Request", problem.path("title").asText());
        assertEquals("The request could not be processed. See 'errors' for details.", problem.path("detail").asText());
        assertEquals(List.of("A non-empty request body is required."), texts(problem.path("errors")));
    }

    // ---- 7. metadata ------------------------------------------------------------------------------

    @Test
    void metadataListsItsSections() throws Exception {
        JsonNode sections = json(api.expect(200, "GET", "/metadata", null));
        String base = "http://127.0.0.1:" + node.port() + "/metadata";
        assertEquals(base + "/dependencies", sections.path("dependencies").asText());
        assertEquals(base + "/specifications", sections.path("specifications").asText());
        assertEquals(base + "/xsd", sections.path("xsdMetadata").asText());
    }

    @Test
    void specificationsListEveryOpenApiDocumentTheDmsLists() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode specification : json(api.expect(200, "GET", "/metadata/specifications", null))) {
            names.add(specification.path("name").asText());
            String uri = specification.path("endpointUri").asText();
            api.expect(200, "GET", uri.substring(uri.indexOf("/metadata")), null);
        }
        assertTrue(names.containsAll(List.of("Resources", "Descriptors", "Discovery")), names.toString());
        JsonNode discovery = json(api.expect(200, "GET", "/metadata/specifications/discovery-spec.json", null));
        assertTrue(discovery.path("openapi").asText().startsWith("3."), discovery.toString());
    }

    @Test
    void theDataStandardsXsdFilesAreListedAndServed() throws Exception {
        JsonNode sections = json(api.expect(200, "GET", "/metadata/xsd", null));
        assertEquals(1, sections.size(), sections.toString());
        assertEquals("ed-fi", sections.path(0).path("name").asText());
        assertEquals("5.0.0", sections.path(0).path("version").asText());
        assertEquals("Core schema (Ed-Fi) files for the data model", sections.path(0).path("description").asText());
        String files = sections.path(0).path("files").asText();
        assertTrue(files.endsWith("/metadata/xsd/ed-fi/files"), files);

        List<String> urls = texts(json(api.expect(200, "GET", files.substring(files.indexOf("/metadata")), null)));
        assertEquals(25, urls.size(), urls.toString());
        String core = urls.stream().filter(u -> u.endsWith("/metadata/xsd/ed-fi/Ed-Fi-Core.xsd")).findFirst().orElseThrow();
        HttpResponse<String> xsd = api.expect(200, "GET", core.substring(core.indexOf("/metadata")), null);
        assertTrue(xsd.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
        assertTrue(xsd.body().contains("<xs:simpleType name=\"NumberOfYears\">"));
        api.expect(404, "GET", "/metadata/xsd/ed-fi/Nothing.xsd", null);
    }

    @Test
    void healthAnswersAsTheDmsDoesWhenAllIsUpAndKeepsEachPart() throws Exception {
        JsonNode health = json(api.expect(200, "GET", "/health", null));
        assertEquals("Healthy", health.path("status").asText(), health.toString());
        List<String> parts = new ArrayList<>();
        for (JsonNode result : health.path("results")) {
            parts.add(result.path("name").asText());
            assertEquals("Healthy", result.path("status").asText(), health.toString());
        }
        assertTrue(parts.containsAll(List.of("postgresql", "kafka", "instance default.default")), parts.toString());
    }

    @Test
    void healthReportsAnInstanceBeingPurgedAsPurgingNotAsDown() throws Exception {
        InstanceId purged = new InstanceId("purged", "default");
        api.expect(201, "POST", "/admin/instances", "{\"tenant\": \"purged\"}");
        awaitInstanceState("purged.default", "ready");
        InstanceRegistry registry = new InstanceRegistry(Jdbi.create(EmbeddedPostgresServer.dataSource(node.postgres.jdbcUrl(InstanceRegistry.DATABASE))));
        registry.transition(purged, Set.of(InstanceState.READY), InstanceState.PURGING);
        try {
            JsonNode health = awaitInstanceState("purged.default", "purging");
            assertEquals("Degraded", health.path("status").asText(), health.toString());
            JsonNode result = null;
            for (JsonNode each : health.path("results")) {
                result = each.path("name").asText().equals("instance purged.default") ? each : result;
            }
            assertEquals("Degraded", result.path("status").asText(), health.toString());
            assertEquals("purging", result.path("description").asText(), health.toString());
            assertEquals("ready", health.at("/instances/default.default").asText(), "the others serve on: " + health);
        } finally {
            registry.transition(purged, Set.of(InstanceState.PURGING), InstanceState.READY);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String school(long id, String grade) {
        return """
                {"schoolId": %d, "nameOfInstitution": "School %d",
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#%s"}]}""".formatted(id, id, grade);
    }

    private static String lower(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MessageCodec.MAPPER.readTree(response.body());
    }

    /** /health once it gives the instance this state (an answer of 200: the node's own parts are up). */
    private static JsonNode awaitInstanceState(String instance, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode health = json(api.expect(200, "GET", "/health", null));
        while (!health.at("/instances/" + instance).asText().equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = json(api.expect(200, "GET", "/health", null));
        }
        assertEquals(state, health.at("/instances/" + instance).asText(), health.toString());
        return health;
    }

    private static JsonNode problem(HttpResponse<String> response) throws Exception {
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        return json(response);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
