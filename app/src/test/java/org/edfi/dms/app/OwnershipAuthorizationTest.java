package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
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
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.security.ConfiguredClients;
import org.edfi.dms.security.Grant;
import org.edfi.dms.security.JsonWebTokens;
import org.edfi.dms.security.SigningKeyStore;
import org.edfi.dms.security.SigningKeys;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OwnershipBased on real Kafka and PostgreSQL, under a claim set that puts it on every resource
 * ({@link TestClaims#OWNERSHIP}): every client has its application's ownership token, documents
 * remember the token of the client that created them, and a client reads, updates and deletes only
 * the documents its application's clients created (GET by id of another's: 403, after the 404 of an
 * unknown id; queries, pages and Total-Count: only its own). Each test makes applications of its own,
 * so that what one test creates is no other application's.
 */
class OwnershipAuthorizationTest {

    @TempDir
    static Path dir;

    private static final String DATA = "/data/ed-fi/";
    private static final String STUDENTS = DATA + "students";
    private static final String MISMATCH = "urn:ed-fi:api:security:authorization:ownership:access-denied:ownership-mismatch";

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "ownership", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(), TestClaims.withTestClaimSets(dir));
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static TestApi clientOf(String application) throws Exception {
        return new TestApi(node.port(), vendor.client(application));
    }

    private static String ownershipApplication() throws Exception {
        return vendor.application(TestClaims.OWNERSHIP, List.of());
    }

    private static String create(TestApi client, String uniqueId) throws Exception {
        return TestApi.idOf(client.expect(201, "POST", STUDENTS, student(uniqueId)));
    }

    private static void refused(HttpResponse<String> answer, String type) throws Exception {
        assertEquals(403, answer.statusCode(), answer.body());
        assertEquals(type, MessageCodec.MAPPER.readTree(answer.body()).path("type").asText(), answer.body());
    }

    /** Two clients of one application with the ownership claim set, and a client of another. */
    private record Clients(TestApi alpha1, TestApi alpha2, TestApi beta) {

        static Clients ofTwoApplications() throws Exception {
            String alpha = ownershipApplication();
            return new Clients(clientOf(alpha), clientOf(alpha), clientOf(ownershipApplication()));
        }
    }

    @Test
    void eachApplicationsClientsReadOnlyWhatTheyCreated() throws Exception {
        Clients clients = Clients.ofTwoApplications();
        String a1 = create(clients.alpha1(), "READ-A1");
        create(clients.alpha2(), "READ-A2");
        String b1 = create(clients.beta(), "READ-B1");
        String byDeveloper = create(developer, "READ-D1");

        assertEquals(List.of("READ-A1", "READ-A2"), clients.alpha1().texts("students", "/studentUniqueId"), "the application's clients share");
        assertEquals(List.of("READ-A1", "READ-A2"), clients.alpha2().texts("students", "/studentUniqueId"));
        assertEquals(2, clients.alpha1().total("students"));
        assertEquals(List.of("READ-B1"), clients.beta().texts("students", "/studentUniqueId"));
        assertEquals(1, clients.beta().total("students"));
        assertEquals("[]", clients.alpha1().expect(200, "GET", STUDENTS + "?studentUniqueId=READ-B1", null).body(), "a filter finds no other owner's");
        assertEquals(List.of("READ-A2"), MessageCodec.MAPPER.readTree(clients.alpha1().expect(200, "GET", STUDENTS + "?limit=1&offset=1", null).body())
                .findValuesAsText("studentUniqueId"), "pages hold only the client's own");
        assertEquals("[]", clients.alpha1().expect(200, "GET", STUDENTS + "?limit=1&offset=2", null).body());

        clients.alpha2().expect(200, "GET", STUDENTS + "/" + a1, null);
        refused(clients.alpha1().send("GET", STUDENTS + "/" + b1, null), MISMATCH);
        refused(clients.beta().send("GET", STUDENTS + "/" + a1, null), MISMATCH);
        refused(clients.alpha1().send("GET", STUDENTS + "/" + byDeveloper, null), MISMATCH);
        clients.alpha1().expect(404, "GET", STUDENTS + "/" + UUID.randomUUID(), null);
        assertEquals(0, clients.alpha1().total("gradeLevelDescriptors"), "every resource is OwnershipBased here");
        developer.expect(200, "GET", STUDENTS + "/" + b1, null);
    }

    @Test
    void anotherApplicationsUpdateDeleteOrPostOfTheNaturalKeyIsRefusedAndChangesNothing() throws Exception {
        Clients clients = Clients.ofTwoApplications();
        String a1 = create(clients.alpha1(), "WRITE-A1");
        String before = developer.expect(200, "GET", STUDENTS + "/" + a1, null).body();

        String renamed = student("WRITE-A1", "Renamed").replace("{", "{\"id\": \"" + a1 + "\", ");
        refused(clients.beta().send("PUT", STUDENTS + "/" + a1, renamed), MISMATCH);
        refused(clients.beta().send("POST", STUDENTS, student("WRITE-A1", "Renamed")), MISMATCH);
        refused(clients.beta().send("DELETE", STUDENTS + "/" + a1, null), MISMATCH);
        assertEquals(before, developer.expect(200, "GET", STUDENTS + "/" + a1, null).body(), "nothing changed");
        assertEquals(0, clients.beta().total("students"), "nor became the other application's");

        clients.alpha2().expect(204, "PUT", STUDENTS + "/" + a1, renamed);
        clients.alpha1().expect(200, "POST", STUDENTS, student("WRITE-A1", "Again"));
        assertEquals(List.of("Again"), clients.alpha1().texts("students", "/firstName"), "updated by the application's clients, and still theirs");
        refused(clients.beta().send("GET", STUDENTS + "/" + a1, null), MISMATCH);
        clients.alpha2().expect(204, "DELETE", STUDENTS + "/" + a1, null);
        developer.expect(404, "GET", STUDENTS + "/" + a1, null);
    }

    @Test
    void aDocumentCreatedWithoutATokenIsNobodysUnderOwnershipBased() throws Exception {
        Command unowned = Command.upsert(UUID.randomUUID().toString(), "ed-fi", "students",
                (ObjectNode) MessageCodec.MAPPER.readTree(student("KAFKA-1")), null, "loader");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(new InstanceTopics(InstanceId.DEFAULT).commands(), unowned.commandId(), MessageCodec.encode(unowned)))
                    .get();
        }
        String id = awaitStudent("KAFKA-1");
        TestApi owner = clientOf(ownershipApplication());

        String uninitialized = "urn:ed-fi:api:security:authorization:ownership:invalid-data:ownership-uninitialized";
        refused(owner.send("GET", STUDENTS + "/" + id, null), uninitialized);
        refused(owner.send("DELETE", STUDENTS + "/" + id, null), uninitialized);
        refused(owner.send("POST", STUDENTS, student("KAFKA-1", "Taken")), uninitialized);
        assertEquals(0, owner.total("students"));
    }

    @Test
    void aTokenIssuedBeforeTokensCarriedAnOwnershipTokenIsRefusedUntilTheClientAsksAgain() throws Exception {
        String application = ownershipApplication();
        ConfiguredClients.Credentials credentials = vendor.client(application);
        TestApi current = new TestApi(node.port(), credentials);
        String id = create(current, "OLD-1");
        Jdbi config = Jdbi.create(EmbeddedPostgresServer.dataSource(node.postgres.jdbcUrl(InstanceRegistry.DATABASE)));
        String earlier = new JsonWebTokens(new SigningKeys(new SigningKeyStore(config), Duration.ofMinutes(30))).issue(
                new Grant(credentials.clientId(), TestClaims.OWNERSHIP, List.of(InstanceId.DEFAULT), List.of("uri://ed-fi.org"), List.of()),
                Duration.ofMinutes(30));
        TestApi withEarlierToken = TestApi.anonymous(node.port());

        String noToken = "urn:ed-fi:api:security:authorization:ownership:invalid-client:no-ownership-token";
        refused(withEarlierToken.send("GET", STUDENTS + "/" + id, null, "Authorization", "Bearer " + earlier), noToken);
        refused(withEarlierToken.send("GET", STUDENTS, null, "Authorization", "Bearer " + earlier), noToken);
        refused(withEarlierToken.send("POST", STUDENTS, student("OLD-2"), "Authorization", "Bearer " + earlier), noToken);
        current.expect(200, "GET", STUDENTS + "/" + id, null);
    }

    /** The Ed-Fi file's claim set that reads academic weeks through RelationshipsWithEdOrgsOnly and OwnershipBased: both must hold. */
    @Test
    void theEdFiMixedStrategyClaimSetReadsOnlyOwnedDocumentsAmongThoseItReaches() throws Exception {
        developer.expect(201, "POST", DATA + "educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        developer.expect(201, "POST", DATA + "educationOrganizationCategoryDescriptors",
                descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
        developer.expect(201, "POST", DATA + "localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
        developer.expect(201, "POST", DATA + "gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        developer.expect(201, "POST", DATA + "localEducationAgencies", lea(255901));
        developer.expect(201, "POST", DATA + "schools", school(255901001, 255901));
        String week = TestApi.idOf(developer.expect(201, "POST", DATA + "academicWeeks", """
                {"weekIdentifier": "Week 1", "schoolReference": {"schoolId": 255901001}, "beginDate": "2024-08-26", "endDate": "2024-08-30",
                 "totalInstructionalDays": 5}"""));
        TestApi mixed = new TestApi(node.port(), vendor.client("E2E-RelationshipsWithEdOrgsOnlyMixedStrategyClaimSet", List.of(255901L)));

        assertEquals(0, mixed.total("academicWeeks"), "in its school, but created by another application");
        refused(mixed.send("GET", DATA + "academicWeeks/" + week, null), MISMATCH);
        developer.expect(200, "GET", DATA + "academicWeeks/" + week, null);
    }

    /** The id of the student a Kafka-native write creates, once the store has it. */
    private static String awaitStudent(String uniqueId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", STUDENTS + "?studentUniqueId=" + uniqueId, null).body())
                    .findValuesAsText("id");
            if (!ids.isEmpty()) {
                return ids.getFirst();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the Kafka-native write of " + uniqueId + " did not reach the store");
    }
}
