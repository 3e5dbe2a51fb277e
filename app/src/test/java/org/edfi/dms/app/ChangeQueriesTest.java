package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change queries on real Kafka and PostgreSQL, as the ODS/API and the DMS answer them: the newest
 * readable change version of the instance, the change version window of every GET-many, a
 * resource's deletes and key changes (cascades included), their paging, their errors and their
 * authorization under the claim set's ReadChanges action. Each test reads the window of the
 * changes it made itself, so the tests share one node.
 */
class ChangeQueriesTest {

    @TempDir
    static Path dir;

    private static final String DATA = "/data/ed-fi/";
    private static final String AVAILABLE = "/changeQueries/v1/availableChangeVersions";
    private static final String PARAMETER_VALIDATION = "urn:ed-fi:api:bad-request:parameter-validation-failed";

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "changes", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(), TestClaims.withTestClaimSets(dir));
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
        post("localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
        post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        post("localEducationAgencies", lea(255901));
        post("schools", school(255901001, 255901));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theNewestChangeVersionIsThatOfTheLastAcknowledgedWriteAndOneVersionFollowsAnother() throws Exception {
        long before = newest();
        post("students", student("CV-A"));
        assertEquals(before + 1, newest(), "an acknowledged write is readable, and its change version is the newest");
        post("students", student("CV-B"));
        assertEquals(before + 2, newest());
        JsonNode versions = json(developer.expect(200, "GET", AVAILABLE, null));
        assertEquals(0, versions.get("oldestChangeVersion").asLong(), "as the ODS/API: every change since the first is kept");
        assertEquals(401, TestApi.anonymous(node.port()).send("GET", AVAILABLE, null).statusCode(), "change versions need a token");
    }

    @Test
    void aGetManyWithAChangeVersionWindowReadsTheDocumentsLastChangedInIt() throws Exception {
        long start = newest() + 1;
        String a = post("students", student("WIN-A"));
        long afterA = newest();
        post("students", student("WIN-B"));
        long afterB = newest();
        post("students", student("WIN-C"));

        assertEquals(List.of("WIN-A", "WIN-B", "WIN-C"), uniqueIds("students?minChangeVersion=" + start));
        assertEquals(List.of("WIN-A", "WIN-B"), uniqueIds("students?minChangeVersion=" + start + "&maxChangeVersion=" + afterB));
        assertEquals(List.of("WIN-B"), uniqueIds("students?minChangeVersion=" + afterB + "&maxChangeVersion=" + afterB), "both bounds are inclusive");
        assertEquals(List.of("WIN-C"), uniqueIds("students?minChangeVersion=" + start + "&studentUniqueId=WIN-C"), "with a query field");
        assertEquals(List.of(), uniqueIds("students?minChangeVersion=" + (newest() + 1)));
        assertEquals(List.of(), uniqueIds("students?minChangeVersion=" + start + "&maxChangeVersion=" + afterB + "&studentUniqueId=WIN-C"));

        HttpResponse<String> page = developer.expect(200, "GET", DATA + "students?MinChangeVersion=" + start + "&limit=1&offset=1&totalCount=true", null);
        assertEquals(List.of("WIN-B"), texts(json(page), "/studentUniqueId"), "pages in creation order, names without regard to case");
        assertEquals("3", page.headers().firstValue("Total-Count").orElseThrow());

        put("students", a, student("WIN-A", "Renamed"));
        assertEquals(List.of("WIN-A"), uniqueIds("students?minChangeVersion=" + (afterB + 2)), "an update moves a document to its new change version");
        assertEquals(List.of("WIN-B"), uniqueIds("students?minChangeVersion=" + start + "&maxChangeVersion=" + afterB),
                "and out of the window of its old one, as the ODS/API (it tells the latest version only)");
        assertEquals(List.of(), uniqueIds("students?minChangeVersion=" + afterA + "&maxChangeVersion=" + afterA));

        long descriptorStart = newest() + 1;
        post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Tenth grade"));
        assertEquals(List.of("Tenth grade"), texts(json(developer.expect(200, "GET", DATA + "gradeLevelDescriptors?minChangeVersion=" + descriptorStart, null)),
                "/codeValue"), "descriptors have the window too");
        assertEquals(List.of("WIN-B"), uniqueIds("students?studentUniqueId=WIN-B&minChangeVersion=&maxChangeVersion="),
                "an empty value is no bound, as the ODS/API binds it");
    }

    @Test
    void changeVersionsThatAreNotWholeNumbersOfAtLeastZeroOrAnInvertedWindowAre400WithTheDmsWording() throws Exception {
        for (String path : List.of("students", "gradeLevelDescriptors", "students/deletes", "students/keyChanges")) {
            refused(path + "?minChangeVersion=-1", "$.minChangeVersion", "MinChangeVersion must be a numeric value greater than or equal to 0.");
            refused(path + "?minChangeVersion=abc", "$.minChangeVersion", "MinChangeVersion must be a numeric value greater than or equal to 0.");
            refused(path + "?maxChangeVersion=1.5", "$.maxChangeVersion", "MaxChangeVersion must be a numeric value greater than or equal to 0.");
            refused(path + "?maxChangeVersion=99999999999999999999", "$.maxChangeVersion",
                    "MaxChangeVersion must be a numeric value greater than or equal to 0.");
            refused(path + "?minChangeVersion=5&maxChangeVersion=4", "$.minChangeVersion", "MinChangeVersion must be less than or equal to MaxChangeVersion.");
        }
        JsonNode both = json(developer.expect(400, "GET", DATA + "students?minChangeVersion=x&maxChangeVersion=-2", null));
        assertEquals(2, both.get("errors").size(), "every bad parameter is told: " + both);
        assertEquals(400, developer.send("GET", DATA + "students/deletes?limit=501", null).statusCode(), "the deletes page as every collection");
    }

    @Test
    void deletesTellTheNaturalKeyAsWrittenInChangeVersionOrderAndPage() throws Exception {
        long start = newest() + 1;
        String first = post("students", student("DEL-1"));
        String second = post("students", student("DEL-2"));
        developer.expect(204, "DELETE", DATA + "students/" + second, null);
        long secondGone = newest();
        developer.expect(204, "DELETE", DATA + "students/" + first, null);
        long firstGone = newest();

        HttpResponse<String> answer = developer.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start + "&totalCount=true", null);
        JsonNode deletes = json(answer);
        assertEquals(2, deletes.size(), deletes.toString());
        assertEquals(second, deletes.get(0).get("id").asText());
        assertEquals(secondGone, deletes.get(0).get("changeVersion").asLong());
        assertEquals("{\"studentUniqueId\":\"DEL-2\"}", deletes.get(0).get("keyValues").toString());
        assertEquals(first, deletes.get(1).get("id").asText());
        assertEquals(firstGone, deletes.get(1).get("changeVersion").asLong());
        assertEquals("2", answer.headers().firstValue("Total-Count").orElseThrow());

        JsonNode secondPage = json(developer.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start + "&limit=1&offset=1", null));
        assertEquals(List.of(first), texts(secondPage, "/id"));
        assertEquals(List.of(second), texts(json(developer.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start
                + "&maxChangeVersion=" + secondGone, null)), "/id"));

        String period = post("classPeriods", classPeriod("Deleted Period"));
        developer.expect(204, "DELETE", DATA + "classPeriods/" + period, null);
        assertEquals("{\"classPeriodName\":\"Deleted Period\",\"schoolId\":255901001}", json(developer.expect(200, "GET",
                DATA + "classPeriods/deletes?minChangeVersion=" + newest(), null)).get(0).get("keyValues").toString(),
                "a reference's key value is named as its query field, a number stays a number");

        String descriptor = post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Deleted Grade"));
        developer.expect(204, "DELETE", DATA + "gradeLevelDescriptors/" + descriptor, null);
        assertEquals("{\"namespace\":\"uri://ed-fi.org/GradeLevelDescriptor\",\"codeValue\":\"Deleted Grade\"}", json(developer.expect(200, "GET",
                DATA + "gradeLevelDescriptors/deletes?minChangeVersion=" + newest(), null)).get(0).get("keyValues").toString(),
                "a descriptor is told by namespace and code value, as written");
    }

    @Test
    void aDocumentDeletedAndCreatedAgainWithTheSameKeyIsNotToldAsDeletedUntilItIsDeletedAgain() throws Exception {
        long start = newest() + 1;
        String gone = post("students", student("AGAIN"));
        developer.expect(204, "DELETE", DATA + "students/" + gone, null);
        String back = post("students", student("AGAIN"));
        HttpResponse<String> answer = developer.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start + "&totalCount=true", null);
        assertEquals("[]", answer.body(), "a client that applies upserts then deletes would otherwise lose the student");
        assertEquals("0", answer.headers().firstValue("Total-Count").orElseThrow());

        developer.expect(204, "DELETE", DATA + "students/" + back, null);
        JsonNode deletes = json(developer.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start, null));
        assertEquals(List.of(back), texts(deletes, "/id"), "the last delete is told; the one undone by the re-creation stays hidden");
    }

    @Test
    void keyChangesTellEachDocumentOnceWithTheFirstOldAndLastNewKeyOfTheWindow() throws Exception {
        long start = newest() + 1;
        String period = post("classPeriods", classPeriod("First"));
        put("classPeriods", period, classPeriod("Second"));
        long second = newest();
        put("classPeriods", period, classPeriod("Third"));
        long third = newest();
        put("classPeriods", period, classPeriod("Third").replace("}", ", \"officialAttendancePeriod\": true}"));

        HttpResponse<String> answer = developer.expect(200, "GET", DATA + "classPeriods/keyChanges?minChangeVersion=" + start + "&totalCount=true", null);
        JsonNode changes = json(answer);
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(period, changes.get(0).get("id").asText());
        assertEquals(third, changes.get(0).get("changeVersion").asLong(), "the change version of the last key change");
        assertEquals("{\"classPeriodName\":\"First\",\"schoolId\":255901001}", changes.get(0).get("oldKeyValues").toString());
        assertEquals("{\"classPeriodName\":\"Third\",\"schoolId\":255901001}", changes.get(0).get("newKeyValues").toString());
        assertEquals("1", answer.headers().firstValue("Total-Count").orElseThrow());

        JsonNode firstOnly = json(developer.expect(200, "GET", DATA + "classPeriods/keyChanges?minChangeVersion=" + start + "&maxChangeVersion=" + second, null));
        assertEquals("Second", firstOnly.get(0).at("/newKeyValues/classPeriodName").asText());
        assertEquals("[]", developer.expect(200, "GET", DATA + "classPeriods/keyChanges?minChangeVersion=" + (third + 1), null).body(),
                "an update that keeps the key is no key change");
        assertEquals("[]", developer.expect(200, "GET", DATA + "gradeLevelDescriptors/keyChanges", null).body(), "a descriptor's key never changes");
    }

    @Test
    void aRenamedSessionTellsTheKeyChangesOfTheCourseOfferingsAndSectionsItCascadedTo() throws Exception {
        post("schoolYearTypes", "{\"schoolYear\": 2022, \"currentSchoolYear\": true, \"schoolYearDescription\": \"2021-2022\"}");
        post("termDescriptors", descriptor("TermDescriptor", "Fall Semester"));
        post("courseIdentificationSystemDescriptors", descriptor("CourseIdentificationSystemDescriptor", "LEA course code"));
        post("courses", """
                {"courseCode": "ALG-1", "courseTitle": "Algebra I", "numberOfParts": 1, "educationOrganizationReference": {"educationOrganizationId": 255901001},
                 "identificationCodes": [{"courseIdentificationSystemDescriptor": "uri://ed-fi.org/CourseIdentificationSystemDescriptor#LEA course code",
                                          "identificationCode": "ALG-1"}]}""");
        String session = post("sessions", session("Fall"));
        String offering = post("courseOfferings", """
                {"localCourseCode": "ALG-1", "schoolReference": {"schoolId": 255901001}, "courseReference": {"courseCode": "ALG-1", "educationOrganizationId": 255901001},
                 "sessionReference": {"schoolId": 255901001, "schoolYear": 2022, "sessionName": "Fall"}}""");
        String section = post("sections", """
                {"sectionIdentifier": "S1", "courseOfferingReference": {"localCourseCode": "ALG-1", "schoolId": 255901001, "schoolYear": 2022, "sessionName": "Fall"}}""");
        long start = newest() + 1;

        put("sessions", session, session("Autumn"));

        JsonNode sessions = json(developer.expect(200, "GET", DATA + "sessions/keyChanges?minChangeVersion=" + start, null));
        assertEquals("{\"sessionName\":\"Fall\",\"schoolId\":255901001,\"schoolYear\":2022}", sessions.get(0).get("oldKeyValues").toString());
        assertEquals("Autumn", sessions.get(0).at("/newKeyValues/sessionName").asText());
        JsonNode offerings = json(developer.expect(200, "GET", DATA + "courseOfferings/keyChanges?minChangeVersion=" + start, null));
        assertEquals(List.of(offering), texts(offerings, "/id"), "the cascade changed the course offering's key");
        assertEquals("Fall", offerings.get(0).at("/oldKeyValues/sessionName").asText());
        assertEquals("Autumn", offerings.get(0).at("/newKeyValues/sessionName").asText());
        JsonNode sections = json(developer.expect(200, "GET", DATA + "sections/keyChanges?minChangeVersion=" + start, null));
        assertEquals(List.of(section), texts(sections, "/id"), "and the section's");
        assertEquals("Autumn", sections.get(0).at("/newKeyValues/sessionName").asText());
        assertTrue(sections.get(0).get("changeVersion").asLong() > offerings.get(0).get("changeVersion").asLong(), "in the order they were rewritten");
    }

    @Test
    void ownershipAndNamespacesLimitDeletesAsTheyLimitReads() throws Exception {
        TestApi mine = new TestApi(node.port(), vendor.client(TestClaims.OWNERSHIP, List.of()));
        TestApi theirs = new TestApi(node.port(), vendor.client(TestClaims.OWNERSHIP, List.of()));
        long start = newest() + 1;
        String own = TestApi.idOf(mine.expect(201, "POST", DATA + "students", student("OWN-1")));
        String other = TestApi.idOf(theirs.expect(201, "POST", DATA + "students", student("OWN-2")));
        mine.expect(204, "DELETE", DATA + "students/" + own, null);
        theirs.expect(204, "DELETE", DATA + "students/" + other, null);
        assertEquals(List.of(own), texts(json(mine.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start, null)), "/id"),
                "a client is told the deletes of the documents its application created");
        assertEquals(List.of(other), texts(json(theirs.expect(200, "GET", DATA + "students/deletes?minChangeVersion=" + start, null)), "/id"));

        long descriptors = newest() + 1;
        developer.expect(204, "DELETE", DATA + "gradeLevelDescriptors/" + post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ours")), null);
        developer.expect(204, "DELETE", DATA + "gradeLevelDescriptors/" + post("gradeLevelDescriptors",
                "{\"namespace\": \"uri://other.org/GradeLevelDescriptor\", \"codeValue\": \"Theirs\", \"shortDescription\": \"Theirs\"}"), null);
        TestApi namespaced = new TestApi(node.port(), vendor.client(TestClaims.NAMESPACED, List.of()));
        assertEquals(List.of("Ours"), texts(json(namespaced.expect(200, "GET", DATA + "gradeLevelDescriptors/deletes?minChangeVersion=" + descriptors,
                null)), "/keyValues/codeValue"), "a client reads the deletes in its vendor's namespaces only");
        assertEquals(2, json(developer.expect(200, "GET", DATA + "gradeLevelDescriptors/deletes?minChangeVersion=" + descriptors, null)).size());
    }

    @Test
    void relationshipStrategiesLimitDeletesAsTheyLimitReadsAndAWindowOfAReadKeepsThem() throws Exception {
        long start = newest() + 1;
        post("localEducationAgencies", lea(255902));
        String ours = post("schools", school(255901009, 255901));
        String theirs = post("schools", school(255902009, 255902));
        developer.expect(204, "DELETE", DATA + "schools/" + ours, null);
        developer.expect(204, "DELETE", DATA + "schools/" + theirs, null);

        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        assertEquals(List.of(ours), texts(json(district.expect(200, "GET", DATA + "schools/deletes?minChangeVersion=" + start, null)), "/id"),
                "a client is told the deletes of the schools of its LEA, as they were when deleted");
        assertEquals(2, json(developer.expect(200, "GET", DATA + "schools/deletes?minChangeVersion=" + start, null)).size());
        district.expect(200, "GET", DATA + "gradeLevelDescriptors/deletes", null);
        TestApi nobody = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of()));
        assertEquals("[]", nobody.expect(200, "GET", DATA + "schools/deletes?minChangeVersion=" + start, null).body(), "fail closed");
        assertEquals("[]", nobody.expect(200, "GET", DATA + "schools/keyChanges", null).body());
        assertEquals(List.of(255901001L), texts(json(district.expect(200, "GET", DATA + "schools?minChangeVersion=0", null)), "/schoolId").stream()
                .map(Long::parseLong).toList(), "a window of a GET-many is a read: its relationships apply");
        assertEquals("[]", district.expect(200, "GET", DATA + "students?minChangeVersion=0", null).body(), "no student is enrolled in its schools");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String post(String resource, String body) throws Exception {
        HttpResponse<String> answer = developer.send("POST", DATA + resource, body);
        assertTrue(answer.statusCode() == 201 || answer.statusCode() == 200, resource + ": " + answer.body());
        return answer.statusCode() == 201 ? TestApi.idOf(answer) : null;
    }

    private static void put(String resource, String id, String body) throws Exception {
        developer.expect(204, "PUT", DATA + resource + "/" + id, body.replaceFirst("\\{", "{\"id\": \"" + id + "\", "));
    }

    private static long newest() throws Exception {
        return json(developer.expect(200, "GET", AVAILABLE, null)).get("newestChangeVersion").asLong();
    }

    private static void refused(String pathAndQuery, String parameter, String message) throws Exception {
        JsonNode problem = json(developer.expect(400, "GET", DATA + pathAndQuery, null));
        assertEquals(PARAMETER_VALIDATION, problem.get("type").asText(), pathAndQuery);
        assertEquals("Parameter Validation Failed", problem.get("title").asText());
        assertEquals(message, problem.get("errors").get(0).asText(), pathAndQuery);
        assertEquals(message, problem.at("/validationErrors/" + parameter.replace("/", "~1")).get(0).asText(), pathAndQuery);
    }

    private static List<String> uniqueIds(String pathAndQuery) throws Exception {
        return texts(json(developer.expect(200, "GET", DATA + pathAndQuery, null)), "/studentUniqueId");
    }

    private static List<String> texts(JsonNode array, String pointer) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.at(pointer).asText()));
        return texts;
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return MessageCodec.MAPPER.readTree(answer.body());
    }

    private static String classPeriod(String name) {
        return "{\"classPeriodName\": \"" + name + "\", \"schoolReference\": {\"schoolId\": 255901001}}";
    }

    private static String session(String name) {
        return """
                {"sessionName": "%s", "schoolReference": {"schoolId": 255901001}, "schoolYearTypeReference": {"schoolYear": 2022},
                 "beginDate": "2021-08-23", "endDate": "2021-12-17", "totalInstructionalDays": 81,
                 "termDescriptor": "uri://ed-fi.org/TermDescriptor#Fall Semester"}""".formatted(name);
    }
}
