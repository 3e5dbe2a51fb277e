package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.contact;
import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.enrollment;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.edfi.dms.app.EdFiBodies.studentContact;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.edfi.dms.runtime.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization strategies in the production shape: the API (ingress and query), the processor
 * and the sink as separate nodes that share only Kafka and PostgreSQL. The processor decides writes
 * from its own state, the sink keeps the relationship rows and the ownership tokens, the API reads
 * through them: each limited client reaches what it would in one process.
 */
class SeparateRolesAuthorizationTest {

    @TempDir
    Path dir;

    private static final String DATA = "/data/ed-fi/";

    @Test
    void relationshipAndOwnershipStrategiesHoldWhenTheRolesRunApart() throws Exception {
        try (SecuredNode api = SecuredNode.start(dir, "api", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(), TestClaims.withTestClaimSets(dir),
                        Set.of(Node.Role.INGRESS, Node.Role.QUERY));
                Node processor = api.another(dir.resolve("processor"), "processor", Set.of(Node.Role.PROCESSOR));
                Node sink = api.another(dir.resolve("sink"), "sink", Set.of(Node.Role.SINK))) {
            TestApi developer = new TestApi(api.port());
            developer.expect(201, "POST", DATA + "educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
            developer.expect(201, "POST", DATA + "educationOrganizationCategoryDescriptors",
                    descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
            developer.expect(201, "POST", DATA + "localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
            developer.expect(201, "POST", DATA + "gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
            for (long district : List.of(255901L, 255902L)) {
                developer.expect(201, "POST", DATA + "localEducationAgencies", lea(district));
                developer.expect(201, "POST", DATA + "schools", school(district * 1000 + 1, district));
            }
            for (String person : List.of("S1", "S2")) {
                developer.expect(201, "POST", DATA + "students", student(person));
                developer.expect(201, "POST", DATA + "contacts", contact("C" + person.substring(1)));
                developer.expect(201, "POST", DATA + "studentContactAssociations", studentContact(person, "C" + person.substring(1)));
            }
            developer.expect(201, "POST", DATA + "studentSchoolAssociations", enrollment("S1", 255901001));
            developer.expect(201, "POST", DATA + "studentSchoolAssociations", enrollment("S2", 255902001));

            VendorClients vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));
            TestApi district = new TestApi(api.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
            assertEquals(List.of("S1"), district.texts("students", "/studentUniqueId"));
            assertEquals(List.of("C1"), district.texts("contacts", "/contactUniqueId"));
            assertEquals(1, district.total("schools"));
            assertEquals(403, district.send("POST", DATA + "studentSchoolAssociations", enrollment("S1", 255902001)).statusCode(),
                    "a school of the other district");
            district.expect(201, "POST", DATA + "schools", school(255901002, 255901));
            district.expect(201, "POST", DATA + "students", student("S3"));
            district.expect(201, "POST", DATA + "studentSchoolAssociations", enrollment("S3", 255901002));
            assertEquals(List.of("S1", "S3"), district.texts("students", "/studentUniqueId"), "a new school of the district reaches its new student");

            TestApi owner = new TestApi(api.port(), vendor.client(TestClaims.OWNERSHIP, List.of()));
            TestApi other = new TestApi(api.port(), vendor.client(TestClaims.OWNERSHIP, List.of()));
            String created = TestApi.idOf(owner.expect(201, "POST", DATA + "students", student("S4")));
            owner.expect(200, "GET", DATA + "students/" + created, null);
            assertEquals(403, other.send("GET", DATA + "students/" + created, null).statusCode(), "another application's token owns nothing of it");
            assertEquals(List.of("S4"), owner.texts("students", "/studentUniqueId"));
        }
    }
}
