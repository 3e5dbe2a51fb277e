package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ed-Fi API profiles on real Kafka and PostgreSQL (docs/profiles.md): definitions imported through
 * the admin API and checked against the Data Standard, assigned to applications, negotiated from
 * media types, shaping reads and writes, with every refusal's status and problem type. The Ed-Fi
 * example Student-Exclude-BirthDate is read from the shared metadata; the others are written here.
 */
class ProfilesTest {

    @TempDir
    static Path dir;

    static final Path EXAMPLES = TestApi.HOME.resolve("../shared/edfi/dms-metadata/profiles").normalize();
    private static final String DATA = "/data/ed-fi/";
    private static final String STUDENTS = DATA + "students";
    private static final String EXCLUDE_BIRTH_DATE = "Student-Exclude-BirthDate";

    static final String NAMES_ONLY = """
            <Profile name="Student-Names-Only">
              <Resource name="Student">
                <ReadContentType memberSelection="IncludeOnly"><Property name="FirstName"/><Property name="LastSurname"/></ReadContentType>
                <WriteContentType memberSelection="ExcludeOnly"><Property name="MiddleName"/></WriteContentType>
              </Resource>
            </Profile>""";

    static final String READ_ONLY = """
            <Profile name="Student-Read-Only"><Resource name="Student"><ReadContentType memberSelection="IncludeAll"/></Resource></Profile>""";

    /** Physical addresses only for readers, without their county; writers may not touch mailing addresses, counties or the web site. */
    static final String SCHOOL_ADDRESSES = """
            <Profiles>
              <Profile name="School-Physical-Addresses">
                <Resource name="School">
                  <ReadContentType memberSelection="IncludeOnly">
                    <Property name="NameOfInstitution"/>
                    <Collection name="EducationOrganizationAddresses" memberSelection="ExcludeOnly">
                      <Property name="NameOfCounty"/>
                      <Filter propertyName="AddressTypeDescriptor" filterMode="IncludeOnly">
                        <Value>uri://ed-fi.org/AddressTypeDescriptor#Physical</Value>
                      </Filter>
                    </Collection>
                  </ReadContentType>
                  <WriteContentType memberSelection="IncludeOnly">
                    <Property name="NameOfInstitution"/><Property name="ShortNameOfInstitution"/>
                    <Property name="EducationOrganizationCategories"/><Property name="SchoolGradeLevels"/>
                    <Collection name="EducationOrganizationAddresses" memberSelection="ExcludeOnly">
                      <Property name="NameOfCounty"/>
                      <Filter propertyName="AddressTypeDescriptor" filterMode="ExcludeOnly">
                        <Value>uri://ed-fi.org/AddressTypeDescriptor#Mailing</Value>
                      </Filter>
                    </Collection>
                  </WriteContentType>
                </Resource>
              </Profile>
            </Profiles>""";

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;
    /** Assigned Student-Exclude-BirthDate alone. */
    private static TestApi excluded;
    /** Assigned Student-Exclude-BirthDate and Student-Names-Only, both covering students. */
    private static TestApi twoProfiles;
    private static TestApi schools;
    private static TestApi readOnly;
    private static TestApi noProfile;
    private static String lisa;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "profiles", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit());
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Profiles Vendor", List.of("uri://ed-fi.org"));
        importProfile(Files.readString(EXAMPLES.resolve(EXCLUDE_BIRTH_DATE + ".xml")), 201);
        importProfile(NAMES_ONLY, 201);
        importProfile(READ_ONLY, 201);
        importProfile(SCHOOL_ADDRESSES, 201);
        excluded = clientWith(EXCLUDE_BIRTH_DATE);
        twoProfiles = clientWith(EXCLUDE_BIRTH_DATE, "Student-Names-Only");
        schools = clientWith("School-Physical-Addresses");
        readOnly = clientWith("Student-Read-Only");
        noProfile = new TestApi(node.port(), vendor.client("full-access", List.of()));
        lisa = TestApi.idOf(developer.expect(201, "POST", STUDENTS, """
                {"studentUniqueId": "P1", "firstName": "Lisa", "middleName": "Ann", "lastSurname": "Woods", "birthDate": "2010-01-13"}"""));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> importProfile(String xml, int status) throws Exception {
        HttpResponse<String> answer = developer.send("POST", "/admin/profiles", xml, "Content-Type", "application/xml");
        assertEquals(status, answer.statusCode(), answer.body());
        return answer;
    }

    private static TestApi clientWith(String... profiles) throws Exception {
        String application = "App-" + UUID.randomUUID();
        developer.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Profiles Vendor\", \"name\": \"" + application
                + "\", \"claimSet\": \"full-access\", \"profiles\": " + MessageCodec.encodeToString(List.of(profiles)) + "}");
        return new TestApi(node.port(), vendor.client(application));
    }

    static String readable(String resource, String profile) {
        return "application/vnd.ed-fi." + resource + "." + profile.toLowerCase() + ".readable+json";
    }

    static String writable(String resource, String profile) {
        return "application/vnd.ed-fi." + resource + "." + profile.toLowerCase() + ".writable+json";
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return MessageCodec.MAPPER.readTree(answer.body());
    }

    private static JsonNode ok(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer);
    }

    private static void refused(HttpResponse<String> answer, int status, String type) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(type, json(answer).path("type").asText(), answer.body());
    }

    private static JsonNode stored(String path) throws Exception {
        return json(developer.expect(200, "GET", path, null));
    }

    // ---- definitions and assignment ---------------------------------------------------------

    @Test
    void definitionsAreCheckedAgainstTheApiSchemaAndManagedThroughTheAdminApi() throws Exception {
        HttpResponse<String> bad = importProfile("""
                <Profile name="Broken"><Resource name="Studnet"><ReadContentType memberSelection="IncludeAll"/></Resource>
                <Resource name="Student"><ReadContentType memberSelection="ExcludeOnly"><Property name="BirthDat"/></ReadContentType></Resource></Profile>""", 400);
        assertTrue(bad.body().contains("resource 'Studnet': no such resource"), bad.body());
        assertTrue(bad.body().contains("no member 'BirthDat'"), bad.body());
        assertTrue(importProfile("<Profile name='X'><Resource name='Student'/></Profile>", 400).body().contains("neither ReadContentType nor WriteContentType"));
        importProfile("not xml", 400);

        JsonNode list = json(developer.expect(200, "GET", "/admin/profiles", null));
        assertEquals(List.of("School-Physical-Addresses", EXCLUDE_BIRTH_DATE, "Student-Names-Only", "Student-Read-Only"), list.findValuesAsText("name"));
        JsonNode shown = json(developer.expect(200, "GET", "/admin/profiles/student-exclude-birthdate", null));
        assertTrue(shown.path("definition").asText().contains("<Property name=\"BirthDate\""), shown.toString());
        assertEquals(2, shown.path("applications").size(), "two applications are assigned it");
        refused(developer.send("DELETE", "/admin/profiles/" + EXCLUDE_BIRTH_DATE, null), 409, "urn:ed-fi:api:identity-conflict");
        refused(developer.send("POST", "/admin/applications", "{\"vendor\": \"Profiles Vendor\", \"name\": \"Unknown\", \"claimSet\": \"full-access\","
                + " \"profiles\": [\"Nope\"]}"), 400, "urn:ed-fi:api:bad-request:data-validation-failed");

        importProfile("<Profile name='Temporary'><Resource name='School'><ReadContentType memberSelection='IncludeAll'/></Resource></Profile>", 201);
        importProfile("<Profile name='Temporary'><Resource name='School'><ReadContentType memberSelection='ExcludeAll'/></Resource></Profile>", 200);
        developer.expect(204, "DELETE", "/admin/profiles/Temporary", null);
        developer.expect(404, "GET", "/admin/profiles/Temporary", null);
    }

    // ---- readable -----------------------------------------------------------------------------

    @Test
    void theOneAssignedProfileShapesEveryReadImplicitlyOrNamed() throws Exception {
        for (String accept : List.of("application/json", readable("student", EXCLUDE_BIRTH_DATE))) {
            HttpResponse<String> answer = excluded.send("GET", STUDENTS + "/" + lisa, null, "Accept", accept);
            assertEquals("application/vnd.ed-fi.student.student-exclude-birthdate.readable+json",
                    answer.headers().firstValue("Content-Type").orElseThrow(), "answered in the profile's media type");
            JsonNode byId = json(answer);
            assertEquals("P1", byId.path("studentUniqueId").asText(), "identity members stay");
            assertEquals("Lisa", byId.path("firstName").asText());
            assertFalse(byId.has("birthDate"), byId.toString());
            assertEquals(lisa, byId.path("id").asText());
            assertTrue(byId.has("_etag"));
            JsonNode query = json(excluded.send("GET", STUDENTS + "?studentUniqueId=P1", null, "Accept", accept));
            assertFalse(query.get(0).has("birthDate"), query.toString());
            JsonNode changes = json(excluded.send("GET", STUDENTS + "?minChangeVersion=0", null, "Accept", accept));
            assertFalse(changes.get(0).has("birthDate"), "a change query window is shaped too");
        }
        assertEquals("2010-01-13", stored(STUDENTS + "/" + lisa).path("birthDate").asText(), "a client without profiles reads it all");
        assertEquals("2010-01-13", json(noProfile.expect(200, "GET", STUDENTS + "/" + lisa, null)).path("birthDate").asText());
    }

    @Test
    void severalProfilesCoveringTheResourceNeedOneNamed() throws Exception {
        HttpResponse<String> none = twoProfiles.send("GET", STUDENTS + "/" + lisa, null);
        refused(none, 403, "urn:ed-fi:api:security:data-policy:incorrect-usage");
        assertTrue(none.body().contains("'application/vnd.ed-fi.student.student-names-only.readable+json'"), none.body());
        JsonNode names = json(twoProfiles.send("GET", STUDENTS + "/" + lisa, null, "Accept", readable("student", "Student-Names-Only")));
        assertEquals(List.of("id", "firstName", "lastSurname", "studentUniqueId", "_etag", "_lastModifiedDate"),
                List.copyOf(names.properties().stream().map(Map.Entry::getKey).toList()));
        refused(twoProfiles.send("POST", STUDENTS, student("P9")), 403, "urn:ed-fi:api:security:data-policy:incorrect-usage");
    }

    @Test
    void readRefusals() throws Exception {
        String invalid = "urn:ed-fi:api:profile:invalid-profile-usage";
        String path = STUDENTS + "/" + lisa;
        refused(excluded.send("GET", path, null, "Accept", writable("student", EXCLUDE_BIRTH_DATE)), 400, invalid);
        refused(excluded.send("GET", path, null, "Accept", readable("student", "No-Such-Profile")), 406, invalid);
        refused(excluded.send("GET", path, null, "Accept", "application/vnd.ed-fi.student+json"), 400, invalid);
        refused(excluded.send("GET", path, null, "Accept", readable("school", EXCLUDE_BIRTH_DATE)), 400, invalid);
        refused(excluded.send("GET", path, null, "Accept", readable("student", "Student-Names-Only")), 403,
                "urn:ed-fi:api:security:data-policy:incorrect-usage");
        refused(schools.send("GET", path, null, "Accept", readable("student", "School-Physical-Addresses")), 400, invalid);
    }

    @Test
    void aClientAssignedNoProfileForTheResourceMayNameOne() throws Exception {
        // As the ODS/API: assignment is checked only against the profiles that cover the resource for the request's usage.
        JsonNode read = ok(noProfile.send("GET", STUDENTS + "/" + lisa, null, "Accept", readable("student", EXCLUDE_BIRTH_DATE)));
        assertFalse(read.has("birthDate"), read.toString());
        assertTrue(ok(schools.send("GET", STUDENTS + "/" + lisa, null, "Accept", readable("student", "Student-Names-Only")))
                .path("middleName").isMissingNode());
        // Named on a write, the profile applies too: it hides the birth date a create needs.
        refused(noProfile.send("POST", STUDENTS, student("P6"), "Content-Type", writable("student", EXCLUDE_BIRTH_DATE)), 400,
                "urn:ed-fi:api:data-policy-enforced");
    }

    // ---- writable -----------------------------------------------------------------------------

    @Test
    void aProfileHidingARequiredMemberCannotCreateButUpdatesKeepingWhatItHides() throws Exception {
        HttpResponse<String> create = excluded.send("POST", STUDENTS, student("P2"));
        refused(create, 400, "urn:ed-fi:api:data-policy-enforced");
        assertTrue(create.body().contains("The Profile definition for 'Student-Exclude-BirthDate' excludes (or does not include) one or more"
                + " required data elements needed to create the resource."), create.body());
        refused(excluded.send("POST", STUDENTS, student("P2"), "Content-Type", writable("student", EXCLUDE_BIRTH_DATE)), 400,
                "urn:ed-fi:api:data-policy-enforced");

        String id = TestApi.idOf(developer.expect(201, "POST", STUDENTS, student("P3")));
        excluded.expect(204, "PUT", STUDENTS + "/" + id, """
                {"id": "%s", "studentUniqueId": "P3", "firstName": "Renamed", "lastSurname": "Woods"}""".formatted(id));
        JsonNode after = stored(STUDENTS + "/" + id);
        assertEquals("Renamed", after.path("firstName").asText());
        assertEquals("2010-01-13", after.path("birthDate").asText(), "the hidden birth date is kept");
        HttpResponse<String> put = excluded.send("PUT", STUDENTS + "/" + id, """
                {"id": "%s", "studentUniqueId": "P3", "firstName": "Again", "lastSurname": "Woods", "birthDate": "2001-01-01"}""".formatted(id),
                "Content-Type", writable("student", EXCLUDE_BIRTH_DATE));
        assertEquals(204, put.statusCode(), put.body());
        assertEquals("2010-01-13", stored(STUDENTS + "/" + id).path("birthDate").asText(), "a hidden member sent anyway is ignored");
        assertEquals("Again", stored(STUDENTS + "/" + id).path("firstName").asText());

        // A POST of an existing natural key through it updates, as the ODS/API allows, keeping the birth date.
        excluded.expect(200, "POST", STUDENTS, "{\"studentUniqueId\": \"P3\", \"firstName\": \"Posted\", \"lastSurname\": \"Woods\"}");
        assertEquals("Posted", stored(STUDENTS + "/" + id).path("firstName").asText());
        assertEquals("2010-01-13", stored(STUDENTS + "/" + id).path("birthDate").asText());
    }

    @Test
    void aCreatableProfileCreatesAndAnUpsertKeepsWhatItHides() throws Exception {
        TestApi names = clientWith("Student-Names-Only");
        names.expect(201, "POST", STUDENTS, """
                {"studentUniqueId": "P4", "firstName": "Ann", "middleName": "Dropped", "lastSurname": "Lee", "birthDate": "2011-02-02"}""");
        JsonNode created = json(developer.expect(200, "GET", STUDENTS + "?studentUniqueId=P4", null)).get(0);
        assertFalse(created.has("middleName"), "a member the profile excludes is not written: " + created);
        String id = created.path("id").asText();
        developer.expect(204, "PUT", STUDENTS + "/" + id, """
                {"id": "%s", "studentUniqueId": "P4", "firstName": "Ann", "middleName": "Kept", "lastSurname": "Lee", "birthDate": "2011-02-02"}"""
                .formatted(id));
        names.expect(200, "POST", STUDENTS, """
                {"studentUniqueId": "P4", "firstName": "Anna", "lastSurname": "Lee", "birthDate": "2011-02-02"}""");
        JsonNode after = stored(STUDENTS + "/" + id);
        assertEquals("Anna", after.path("firstName").asText());
        assertEquals("Kept", after.path("middleName").asText(), "a POST that updates keeps the hidden member too");
    }

    @Test
    void writeRefusals() throws Exception {
        String invalid = "urn:ed-fi:api:profile:invalid-profile-usage";
        refused(excluded.send("POST", STUDENTS, student("P5"), "Content-Type", readable("student", EXCLUDE_BIRTH_DATE)), 400, invalid);
        refused(excluded.send("PUT", STUDENTS + "/" + lisa, student("P1"), "Content-Type", readable("student", EXCLUDE_BIRTH_DATE)), 400, invalid);
        refused(excluded.send("POST", STUDENTS, student("P5"), "Content-Type", writable("student", "No-Such-Profile")), 415, invalid);
        refused(excluded.send("POST", STUDENTS, student("P5"), "Content-Type", writable("student", "Student-Names-Only")), 403,
                "urn:ed-fi:api:security:data-policy:incorrect-usage");
        refused(readOnly.send("POST", STUDENTS, student("P5"), "Content-Type", writable("student", "Student-Read-Only")), 405,
                "urn:ed-fi:api:profile:method-usage");
        readOnly.expect(200, "GET", STUDENTS + "/" + lisa, null);
        noProfile.expect(201, "POST", STUDENTS, student("P5"));
    }

    @Test
    void aProfileThatOnlyReadsAResourceDoesNotApplyToItsWrites() throws Exception {
        // The ODS/API weighs only the assigned profiles that write the resource: none here, so the write takes the whole document.
        readOnly.expect(201, "POST", STUDENTS, student("P7"));
        assertEquals("2010-01-13", json(developer.expect(200, "GET", STUDENTS + "?studentUniqueId=P7", null)).get(0).path("birthDate").asText());
    }

    @Test
    void tokenInfoListsTheApplicationsAssignedProfiles() throws Exception {
        String token = twoProfiles.token();
        HttpResponse<String> answer = TestApi.anonymous(node.port()).send("POST", "/oauth/token_info", "{\"token\": \"" + token + "\"}",
                "Authorization", "Bearer " + token);
        assertEquals(200, answer.statusCode(), answer.body());
        List<String> assigned = new java.util.ArrayList<>();
        json(answer).path("assigned_profiles").forEach(name -> assigned.add(name.asText()));
        assertEquals(java.util.Set.of(EXCLUDE_BIRTH_DATE, "Student-Names-Only"), java.util.Set.copyOf(assigned), answer.body());
        String none = noProfile.token();
        assertEquals("[]", json(TestApi.anonymous(node.port()).send("POST", "/oauth/token_info", "{\"token\": \"" + none + "\"}",
                "Authorization", "Bearer " + none)).path("assigned_profiles").toString());
    }

    @Test
    void collectionItemsAFilterHidesAreKeptOnPutAndHiddenOnRead() throws Exception {
        developer.expect(201, "POST", DATA + "educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        developer.expect(201, "POST", DATA + "gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        developer.expect(201, "POST", DATA + "addressTypeDescriptors", descriptor("AddressTypeDescriptor", "Physical"));
        developer.expect(201, "POST", DATA + "addressTypeDescriptors", descriptor("AddressTypeDescriptor", "Mailing"));
        developer.expect(201, "POST", DATA + "stateAbbreviationDescriptors", descriptor("StateAbbreviationDescriptor", "TX"));
        String id = TestApi.idOf(developer.expect(201, "POST", DATA + "schools", school("Old name", "http://old.example", "Travis")));

        JsonNode read = json(schools.expect(200, "GET", DATA + "schools/" + id, null));
        assertEquals(1, read.path("addresses").size(), "the filter shows physical addresses only: " + read);
        assertFalse(read.path("addresses").get(0).has("nameOfCounty"));
        assertFalse(read.has("webSite"));
        assertFalse(read.has("gradeLevels"));

        // The writer sends a new county and web site, which it may not write, and a mailing address, which the filter hides from it.
        ObjectNode body = (ObjectNode) MessageCodec.MAPPER.readTree(school("New name", "http://new.example", "Harris"));
        ((ObjectNode) body.path("addresses").get(1)).put("city", "Elsewhere");
        body.put("id", id);
        schools.expect(204, "PUT", DATA + "schools/" + id, body.toString());
        JsonNode after = stored(DATA + "schools/" + id);
        assertEquals("New name", after.path("nameOfInstitution").asText());
        assertEquals("http://old.example", after.path("webSite").asText(), "an excluded property keeps its stored value");
        assertEquals(2, after.path("addresses").size(), "the mailing address the filter hides from the writer is kept: " + after);
        assertEquals("Travis", after.path("addresses").get(0).path("nameOfCounty").asText(), "an excluded member of a written item is kept");
        assertEquals("Mailing", after.path("addresses").get(1).path("addressTypeDescriptor").asText().replaceAll(".*#", ""));
        assertEquals("Austin", after.path("addresses").get(1).path("city").asText(), "the mailing address sent is dropped, the stored one kept");
        assertEquals("Travis", after.path("addresses").get(1).path("nameOfCounty").asText());

        // A physical address whose suite changes is the same item (same key): its hidden county stays.
        ((ObjectNode) body.path("addresses").get(0)).put("apartmentRoomSuiteNumber", "2B");
        schools.expect(204, "PUT", DATA + "schools/" + id, body.toString());
        JsonNode again = stored(DATA + "schools/" + id);
        assertEquals("2B", again.path("addresses").get(0).path("apartmentRoomSuiteNumber").asText());
        assertEquals("Travis", again.path("addresses").get(0).path("nameOfCounty").asText());
        assertEquals(2, again.path("addresses").size());
    }

    /** A school with a physical and a mailing address, both in the county given. */
    private static String school(String name, String webSite, String county) {
        return """
                {"schoolId": 255901001, "nameOfInstitution": "%s", "webSite": "%s",
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}],
                 "addresses": [
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "Austin", "postalCode": "78701",
                    "stateAbbreviationDescriptor": "uri://ed-fi.org/StateAbbreviationDescriptor#TX", "streetNumberName": "1 Main", "nameOfCounty": "%s"},
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Mailing", "city": "Austin", "postalCode": "78702",
                    "stateAbbreviationDescriptor": "uri://ed-fi.org/StateAbbreviationDescriptor#TX", "streetNumberName": "PO Box 9", "nameOfCounty": "%s"}]}"""
                .formatted(name, webSite, county, county);
    }

    // ---- OpenAPI ---------------------------------------------------------------------------------

    @Test
    void eachProfileHasAnOpenApiDocumentOfItsOwn() throws Exception {
        TestApi open = TestApi.anonymous(node.port());
        JsonNode specifications = json(open.expect(200, "GET", "/metadata/specifications", null));
        assertTrue(specifications.findValuesAsText("name").contains(EXCLUDE_BIRTH_DATE), specifications.toString());
        JsonNode document = json(open.expect(200, "GET", "/metadata/specifications/profiles/" + EXCLUDE_BIRTH_DATE + "/resources-spec.json", null));
        JsonNode students = document.path("paths").path("/ed-fi/students");
        assertTrue(students.path("get").path("responses").path("200").path("content")
                .has("application/vnd.ed-fi.student.student-exclude-birthdate.readable+json"), students.toString());
        assertTrue(students.path("post").path("requestBody").path("content")
                .has("application/vnd.ed-fi.student.student-exclude-birthdate.writable+json"), students.toString());
        JsonNode readable = document.path("components").path("schemas").path("ed-fi_Student_readable");
        assertTrue(readable.path("properties").has("firstName"));
        assertFalse(readable.path("properties").has("birthDate"), readable.toString());
        assertFalse(readable.path("required").toString().contains("birthDate"));
        assertEquals(List.of("/ed-fi/students", "/ed-fi/students/{id}"), document.path("paths").properties().stream().map(Map.Entry::getKey).toList(), "only what it covers");
        JsonNode readOnlyDocument = json(open.expect(200, "GET", "/metadata/specifications/profiles/Student-Read-Only/resources-spec.json", null));
        assertFalse(readOnlyDocument.path("paths").path("/ed-fi/students").has("post"), "no writes through a readable-only profile");
        refused(open.send("GET", "/metadata/specifications/profiles/Nope/resources-spec.json", null), 404, "urn:ed-fi:api:not-found");
    }

    // ---- without a restart, and over Kafka ---------------------------------------------------

    @Test
    void aNewDefinitionAndANewAssignmentAreEffectiveWithoutARestart() throws Exception {
        String application = "App-" + UUID.randomUUID();
        long applicationId = json(developer.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Profiles Vendor\", \"name\": \""
                + application + "\", \"claimSet\": \"full-access\"}")).path("id").asLong();
        TestApi client = new TestApi(node.port(), vendor.client(application));
        assertTrue(json(client.expect(200, "GET", STUDENTS + "/" + lisa, null)).has("birthDate"));

        developer.expect(200, "PUT", "/admin/applications/" + applicationId + "/profiles", "{\"profiles\": [\"" + EXCLUDE_BIRTH_DATE + "\"]}");
        assertFalse(json(client.expect(200, "GET", STUDENTS + "/" + lisa, null)).has("birthDate"), "the same token, the new assignment");

        importProfile("<Profile name='Changing'><Resource name='Student'><ReadContentType memberSelection='IncludeOnly'>"
                + "<Property name='FirstName'/></ReadContentType></Resource></Profile>", 201);
        developer.expect(200, "PUT", "/admin/applications/" + applicationId + "/profiles", "{\"profiles\": [\"Changing\"]}");
        assertTrue(json(client.expect(200, "GET", STUDENTS + "/" + lisa, null)).has("firstName"));
        importProfile("<Profile name='Changing'><Resource name='Student'><ReadContentType memberSelection='IncludeOnly'>"
                + "<Property name='LastSurname'/></ReadContentType></Resource></Profile>", 200);
        JsonNode now = json(client.expect(200, "GET", STUDENTS + "/" + lisa, null));
        assertFalse(now.has("firstName"), now.toString());
        assertTrue(now.has("lastSurname"));
    }

    @Test
    void aKafkaNativeCommandMayNameAWritableProfile() throws Exception {
        String id = TestApi.idOf(developer.expect(201, "POST", STUDENTS, student("K1")));
        ObjectNode body = (ObjectNode) MessageCodec.MAPPER.readTree("""
                {"id": "%s", "studentUniqueId": "K1", "firstName": "Loaded", "lastSurname": "Woods"}""".formatted(id));
        Command update = Command.update(UUID.randomUUID().toString(), "ed-fi", "students", UUID.fromString(id), null, body, null, "loader")
                .through(EXCLUDE_BIRTH_DATE);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(new InstanceTopics(InstanceId.DEFAULT).commands(), id, MessageCodec.encode(update))).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode after = stored(STUDENTS + "/" + id);
        while (!after.path("firstName").asText().equals("Loaded") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = stored(STUDENTS + "/" + id);
        }
        assertEquals("Loaded", after.path("firstName").asText());
        assertEquals("2010-01-13", after.path("birthDate").asText(), "the profile's hidden member is kept for a Kafka-native writer too");
    }
}
