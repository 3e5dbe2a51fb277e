package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.contact;
import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.enrollment;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.edfi.dms.app.EdFiBodies.studentContact;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.schema.ResourceSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relationship-based strategies on real Kafka and PostgreSQL. Under
 * RelationshipsWithEdOrgsAndPeople a client whose application is given education organizations
 * reads only the education organizations it reaches (its own and those below them), the documents
 * that carry one of them, and the people enrolled in one of them; descriptors and other resources
 * stay readable; a client given none reaches nothing (fail closed). Claim sets of a claims file
 * added to the Ed-Fi file put that strategy (or RelationshipsWithEdOrgsOnly) on every resource
 * ({@link TestClaims}); the Ed-Fi SISVendor shows the strategies the Ed-Fi file gives. Two LEAs with
 * a school each, a student enrolled in each school and a third enrolled nowhere, loaded by the
 * development client (full-access: it sees all).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelationshipAuthorizationTest {

    @TempDir
    static Path dir;

    private static final String DATA = "/data/ed-fi/";
    private static final String DENIED = "urn:ed-fi:api:security:authorization:access-denied:relationship";

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;
    private static String school1;
    private static String school2;
    private static String student1;
    private static String student2;
    private static String student3;
    private static String lea1;
    private static String lea2;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "relationships", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(),
                TestClaims.withTestClaimSets(dir));
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));

        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
        post("localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
        post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        lea1 = post("localEducationAgencies", lea(255901));
        lea2 = post("localEducationAgencies", lea(255902));
        school1 = post("schools", school(255901001, 255901));
        school2 = post("schools", school(255902001, 255902));
        student1 = post("students", student("S1"));
        student2 = post("students", student("S2"));
        student3 = post("students", student("S3"));
        post("studentSchoolAssociations", enrollment("S1", 255901001));
        post("studentSchoolAssociations", enrollment("S2", 255902001));
        post("contacts", contact("C1"));
        post("contacts", contact("C2"));
        post("studentContactAssociations", studentContact("S1", "C1"));
        post("studentContactAssociations", studentContact("S2", "C2"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aClientGivenAnLeaReadsItsSchoolsAndTheirStudentsOnly() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));

        assertEquals(List.of(255901L), ids(district, "localEducationAgencies", "localEducationAgencyId"));
        assertEquals(List.of(255901001L), ids(district, "schools", "schoolId"));
        assertEquals(List.of("S1"), district.texts("students", "/studentUniqueId"));
        assertEquals(List.of("S1"), district.texts("studentSchoolAssociations", "/studentReference/studentUniqueId"));
        assertEquals(1, district.total("students"), "the total counts only what the client reaches");
        assertEquals(1, district.total("schools"));
        assertEquals(1, district.total("studentSchoolAssociations"));
        assertEquals(List.of("C1"), district.texts("contacts", "/contactUniqueId"), "a contact is reached through its students' enrollments");
        assertEquals(List.of("C1"), district.texts("studentContactAssociations", "/contactReference/contactUniqueId"));
        assertEquals("[]", district.expect(200, "GET", DATA + "students?studentUniqueId=S2", null).body(), "a filter finds no unreachable one");
        assertEquals(1, MessageCodec.MAPPER.readTree(district.expect(200, "GET", DATA + "students?limit=1&offset=0", null).body()).size());
        assertEquals("[]", district.expect(200, "GET", DATA + "students?limit=1&offset=1", null).body(), "pages hold only reachable documents");

        district.expect(200, "GET", DATA + "schools/" + school1, null);
        district.expect(200, "GET", DATA + "students/" + student1, null);
        district.expect(200, "GET", DATA + "localEducationAgencies/" + lea1, null);
        denied(district, "schools/" + school2);
        denied(district, "students/" + student2);
        denied(district, "students/" + student3);
        denied(district, "localEducationAgencies/" + lea2);
        district.expect(404, "GET", DATA + "schools/" + UUID.randomUUID(), null);
        district.expect(404, "GET", DATA + "students/" + UUID.randomUUID(), null);

        assertEquals(1, district.total("gradeLevelDescriptors"), "descriptors are not limited");
        assertEquals(2, district.total("educationOrganizationCategoryDescriptors"));
    }

    @Test
    void aClientGivenASchoolReadsThatSchoolAndItsStudentsButNotTheLeaAbove() throws Exception {
        TestApi school = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255902001L)));

        assertEquals(List.of(), ids(school, "localEducationAgencies", "localEducationAgencyId"));
        assertEquals(List.of(255902001L), ids(school, "schools", "schoolId"));
        assertEquals(List.of("S2"), school.texts("students", "/studentUniqueId"));
        assertEquals(List.of("S2"), school.texts("studentSchoolAssociations", "/studentReference/studentUniqueId"));
        school.expect(200, "GET", DATA + "students/" + student2, null);
        denied(school, "students/" + student1);
        denied(school, "localEducationAgencies/" + lea2);
    }

    @Test
    void fullAccessReadsEverythingWhileARelationshipClientGivenNoEducationOrganizationsReachesNothing() throws Exception {
        assertEquals(List.of(255901L, 255902L), ids(developer, "localEducationAgencies", "localEducationAgencyId"));
        assertEquals(List.of(255901001L, 255902001L), ids(developer, "schools", "schoolId"));
        assertEquals(List.of("S1", "S2", "S3"), developer.texts("students", "/studentUniqueId"));
        developer.expect(200, "GET", DATA + "students/" + student3, null);

        TestApi nobody = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of()));
        assertEquals(0, nobody.total("localEducationAgencies"));
        assertEquals(0, nobody.total("students"));
        denied(nobody, "schools/" + school1);
        assertEquals(1, nobody.total("gradeLevelDescriptors"), "descriptors carry no relationship");
        assertEquals(403, nobody.send("POST", DATA + "studentSchoolAssociations", enrollment("S3", 255901001)).statusCode());
    }

    @Test
    void edOrgsOnlyReachesWhatCarriesAnEducationOrganizationButNoPerson() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.ED_ORGS_ONLY, List.of(255901L)));
        assertEquals(List.of(255901001L), ids(district, "schools", "schoolId"));
        assertEquals(List.of("S1"), district.texts("studentSchoolAssociations", "/studentReference/studentUniqueId"));
        assertEquals(0, district.total("students"), "a student carries no education organization");
        denied(district, "students/" + student1);
    }

    @Test
    void studentsOnlyReachesWhatCarriesAnEnrolledStudentAndNoEducationOrganizationAlone() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.STUDENTS_ONLY, List.of(255901L)));
        assertEquals(List.of("S1"), district.texts("students", "/studentUniqueId"));
        assertEquals(List.of("S1"), district.texts("studentSchoolAssociations", "/studentReference/studentUniqueId"));
        assertEquals(0, district.total("schools"), "a school carries no student");
        denied(district, "students/" + student2);
        assertEquals(403, district.send("POST", DATA + "studentSchoolAssociations", enrollment("S3", 255901001)).statusCode(),
                "S3 is enrolled nowhere the client reaches");
    }

    @Test
    void theEdFiSisVendorReadsEveryEducationOrganizationButOnlyTheStudentsEnrolledInItsOwn() throws Exception {
        TestApi sis = new TestApi(node.port(), vendor.client("SISVendor", List.of(255901L)));
        // domains/educationOrganizations: Read with NoFurtherAuthorizationRequired; domains/people: RelationshipsWithEdOrgsAndPeople
        assertEquals(List.of(255901001L, 255902001L), ids(sis, "schools", "schoolId"));
        assertEquals(List.of("S1"), sis.texts("students", "/studentUniqueId"));
        HttpResponse<String> refused = sis.send("POST", DATA + "schools", school(255901009, 255901));
        assertEquals(403, refused.statusCode(), "SISVendor reads schools only");
        assertEquals("urn:ed-fi:api:security:authorization:access-denied:action", MessageCodec.MAPPER.readTree(refused.body()).path("type").asText());
    }

    @Test
    void aStudentsDeleteIsToldUnderIncludingDeletesAfterItsEnrollmentWasDeletedFirst() throws Exception {
        String student = post("students", student("S9"));
        String enrolled = post("studentSchoolAssociations", enrollment("S9", 255901001));
        long start = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/changeQueries/v1/availableChangeVersions", null).body())
                .path("newestChangeVersion").asLong() + 1;
        developer.expect(204, "DELETE", DATA + "studentSchoolAssociations/" + enrolled, null);
        developer.expect(204, "DELETE", DATA + "students/" + student, null);

        // The Ed-Fi claims give EdFiSandbox ReadChanges on people with RelationshipsWithEdOrgsAndPeopleIncludingDeletes.
        TestApi sandbox = new TestApi(node.port(), vendor.client("EdFiSandbox", List.of(255901L)));
        assertEquals(List.of(student), sandbox.texts("students/deletes?minChangeVersion=" + start, "/id"),
                "the district is told the delete of a student its school enrolled, through the deleted enrollment");
        assertEquals(List.of(enrolled), sandbox.texts("studentSchoolAssociations/deletes?minChangeVersion=" + start, "/id"));
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        assertEquals(List.of(), district.texts("students/deletes?minChangeVersion=" + start, "/id"),
                "RelationshipsWithEdOrgsAndPeople itself counts today's enrollments only");
        TestApi other = new TestApi(node.port(), vendor.client("EdFiSandbox", List.of(255902L)));
        assertEquals(List.of(), other.texts("students/deletes?minChangeVersion=" + start, "/id"), "nor is another district told");
    }

    @Test
    void theInvertedStrategyReachesTheLeaAboveTheClientsSchoolAndNotTheOneBesideIt() throws Exception {
        // The Ed-Fi file's E2E-RelationshipsWithEdOrgsOnlyInvertedClaimSet: localEducationAgency under RelationshipsWithEdOrgsOnlyInverted
        TestApi school = new TestApi(node.port(), vendor.client("E2E-RelationshipsWithEdOrgsOnlyInvertedClaimSet", List.of(255901001L)));
        assertEquals(List.of(255901L), ids(school, "localEducationAgencies", "localEducationAgencyId"));
        assertEquals(1, school.total("localEducationAgencies"));
        school.expect(200, "GET", DATA + "localEducationAgencies/" + lea1, null);
        denied(school, "localEducationAgencies/" + lea2);
        school.expect(200, "POST", DATA + "localEducationAgencies", lea(255901)); // an update of the LEA above it
        assertEquals(403, school.send("POST", DATA + "localEducationAgencies", lea(255902)).statusCode(), "the LEA beside it");

        TestApi district = new TestApi(node.port(), vendor.client("E2E-RelationshipsWithEdOrgsOnlyInvertedClaimSet", List.of(255902L)));
        assertEquals(List.of(255902L), ids(district, "localEducationAgencies", "localEducationAgencyId"), "its own, not one above or beside");
    }

    @Test
    void aClientGivenBothLeasReadsBoth() throws Exception {
        TestApi both = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L, 255902L)));
        assertEquals(List.of(255901001L, 255902001L), ids(both, "schools", "schoolId"));
        assertEquals(List.of("S1", "S2"), both.texts("students", "/studentUniqueId"));
        denied(both, "students/" + student3);
    }

    /** The generated SQL holds for every resource of the Data Standard (array paths, abstract references, people of every kind). */
    @Test
    void everyResourceAnswersALimitedClientsQueryAndGetById() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        List<String> failures = new ArrayList<>();
        for (ResourceSchema resource : TestApi.dataStandard().resources()) {
            String collection = "/data/" + resource.projectEndpoint() + "/" + resource.endpointName();
            HttpResponse<String> page = district.send("GET", collection + "?totalCount=true", null);
            HttpResponse<String> item = district.send("GET", collection + "/" + UUID.randomUUID(), null);
            if (page.statusCode() != 200 || item.statusCode() != 404) {
                failures.add(collection + ": " + page.statusCode() + " " + page.body() + " / " + item.statusCode());
            }
        }
        assertEquals(List.of(), failures);
    }

    // ---- helpers --------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE) // last: it adds a school and a student the reading tests do not expect
    void aClientGivenAnLeaWritesOnlyWhatItReachesAndARefusedWriteChangesNothing() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        district.expect(201, "POST", DATA + "schools", school(255901002, 255901));
        HttpResponse<String> refused = district.send("POST", DATA + "schools", school(255902002, 255902));
        assertEquals(403, refused.statusCode(), refused.body());
        JsonNode problem = MessageCodec.MAPPER.readTree(refused.body());
        assertEquals(DENIED, problem.path("type").asText());
        assertEquals("No relationships have been established between the caller's education organization id claim ('255901')"
                + " and one or more of the following properties of the resource item: 'SchoolId', 'LocalEducationAgencyId'.",
                problem.path("errors").path(0).asText());
        assertEquals(403, district.send("POST", DATA + "studentSchoolAssociations", enrollment("S3", 255902001)).statusCode());
        assertEquals(403, district.send("DELETE", DATA + "students/" + student2, null).statusCode(), "a student of the other LEA");
        district.expect(200, "POST", DATA + "contacts", contact("C1")); // an update of a contact of its student
        assertEquals(403, district.send("POST", DATA + "contacts", contact("C2")).statusCode(), "a contact of the other LEA's student");

        district.expect(201, "POST", DATA + "students", student("S4"));
        assertEquals(1, district.total("students"), "S1 only: a new student is not seen before it is enrolled");
        district.expect(201, "POST", DATA + "studentSchoolAssociations", enrollment("S4", 255901002));
        assertEquals(2, district.total("students"), "S1, and S4 once enrolled in the new school");
        assertEquals(4, developer.total("students"), "S1 to S4: the refused writes changed nothing");
    }

    private static void denied(TestApi client, String item) throws Exception {
        HttpResponse<String> answer = client.expect(403, "GET", DATA + item, null);
        assertEquals(DENIED, MessageCodec.MAPPER.readTree(answer.body()).path("type").asText(), answer.body());
    }

    private static List<Long> ids(TestApi client, String resource, String field) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode document : MessageCodec.MAPPER.readTree(client.expect(200, "GET", DATA + resource, null).body())) {
            ids.add(document.path(field).asLong());
        }
        return ids;
    }

    private static String post(String resource, String body) throws Exception {
        return TestApi.idOf(developer.expect(201, "POST", DATA + resource, body));
    }
}
