package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody reads or writes without a token, and a token reaches only what it was granted: its
 * instances, and the actions its claim set (the Ed-Fi Claims.json's, and this project's) grants on each resource. Three instances (the default
 * one and the tenants district-a and district-b), clients made through the admin API.
 */
class SecurityTest {

    @TempDir
    static Path dir;

    private static SecuredNode node;
    private static TestApi developer;

    private static final List<String> INSTANCES = List.of("/district-a", "/district-b", "/default");
    /** One resource of each kind the claim sets tell apart. */
    private static final List<String> RESOURCES = List.of("students", "gradeLevelDescriptors", "studentAssessments", "assessments", "schools");
    private static final int RATE_LIMIT = 100;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "security", TestApi.dataStandard(), RATE_LIMIT);
        developer = new TestApi(node.port());
        for (String tenant : List.of("district-a", "district-b")) {
            developer.expect(201, "POST", "/admin/instances", "{\"tenant\": \"" + tenant + "\"}");
        }
        developer.expect(201, "POST", "/admin/vendors", "{\"name\": \"Vendor\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void withoutAValidTokenDataAndAdminAre401WithAChallengeWhileDiscoveryAndMetadataStayOpen() throws Exception {
        TestApi anonymous = TestApi.anonymous(node.port());
        for (String path : List.of("/data/ed-fi/students", "/district-a/data/ed-fi/students", "/data/v3/ed-fi/students", "/admin/instances",
                "/data/ed-fi/nothingHere", "/data")) {
            HttpResponse<String> answer = anonymous.send("GET", path, null);
            assertEquals(401, answer.statusCode(), path);
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"), path);
        }
        String token = developer.token();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String bad : List.of("Bearer " + tampered, "Bearer not.a.token", "Basic " + token)) {
            HttpResponse<String> answer = anonymous.send("GET", "/data/ed-fi/students", null, "Authorization", bad);
            assertEquals(401, answer.statusCode(), bad);
        }
        HttpResponse<String> invalid = anonymous.send("GET", "/data/ed-fi/students", null, "Authorization", "Bearer " + tampered);
        assertTrue(invalid.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        HttpResponse<String> write = anonymous.send("POST", "/default/data/ed-fi/gradeLevelDescriptors", descriptor("Ninth grade"));
        assertEquals(401, write.statusCode());
        assertEquals(0, total(developer, "/default", "gradeLevelDescriptors"), "a refused write changes nothing");

        for (String open : List.of("/", "/default/metadata", "/health", "/district-a/metadata", "/.well-known/jwks.json")) {
            assertEquals(200, anonymous.send("GET", open, null).statusCode(), open);
        }
    }

    /**
     * The authorization matrix: for each claim set, each kind of resource, each action and each
     * instance, a client either passes (whatever the data then answers) or is refused: 403 on its
     * own instance when the claim set does not allow the action, 404 on every instance it was not given.
     */
    @Test
    void eachClaimSetReachesTheActionsItAllowsOnItsOwnInstancesAndNothingElse() throws Exception {
        Map<String, Map<String, String>> allowed = Map.of(
                // resource -> actions (c r u d) the Ed-Fi Claims.json grants, through the domains above each resource claim
                "SISVendor", Map.of("students", "crud", "gradeLevelDescriptors", "r", "studentAssessments", "crud", "assessments", "crud", "schools", "r"),
                "EdFiAPIPublisherReader", Map.of("students", "r", "gradeLevelDescriptors", "r", "studentAssessments", "r", "assessments", "r", "schools", "r"),
                "AssessmentVendor", Map.of("students", "r", "gradeLevelDescriptors", "r", "studentAssessments", "crud", "assessments", "crud", "schools", ""),
                "RosterVendor", Map.of("students", "r", "gradeLevelDescriptors", "", "studentAssessments", "", "assessments", "", "schools", "r"),
                "EdFiSandbox", Map.of("students", "crud", "gradeLevelDescriptors", "crud", "studentAssessments", "crud", "assessments", "crud", "schools", "crud"),
                "full-access", Map.of("students", "crud", "gradeLevelDescriptors", "crud", "studentAssessments", "crud", "assessments", "crud", "schools", "crud"),
                "admin", Map.of("students", "", "gradeLevelDescriptors", "", "studentAssessments", "", "assessments", "", "schools", ""));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> claimSet : allowed.entrySet()) {
            TestApi client = new TestApi(node.port(), client(claimSet.getKey(), List.of("district-a/default")));
            for (String instance : INSTANCES) {
                for (String resource : RESOURCES) {
                    for (char action : "crud".toCharArray()) {
                        int status = attempt(client, instance, resource, action);
                        boolean own = instance.equals("/district-a");
                        boolean mayAct = claimSet.getValue().get(resource).indexOf(action) >= 0;
                        String expected = !own ? "404" : mayAct ? "not 401/403/5xx" : "403";
                        boolean ok = !own ? status == 404 : mayAct ? status != 401 && status != 403 && status < 500 : status == 403;
                        if (!ok) {
                            failures.add(claimSet.getKey() + " " + action + " " + instance + "/data/ed-fi/" + resource + ": " + status + ", expected " + expected);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aClientOfOneInstanceIsRefusedAtEveryOtherAndItsWritesLandInItsOwn() throws Exception {
        TestApi districtA = new TestApi(node.port(), client("full-access", List.of("district-a/default")));
        districtA.expect(201, "POST", "/district-a/data/ed-fi/gradeLevelDescriptors", descriptor("Tenth grade"));
        for (String other : List.of("/district-b", "/default")) {
            assertEquals(404, districtA.send("POST", other + "/data/ed-fi/gradeLevelDescriptors", descriptor("Tenth grade")).statusCode());
            assertEquals(404, districtA.send("GET", other + "/data/ed-fi/gradeLevelDescriptors", null).statusCode());
        }
        assertEquals(1, total(districtA, "/district-a", "gradeLevelDescriptors"));
        assertEquals(0, total(new TestApi(node.port(), client("full-access", List.of("district-b/default"))), "/district-b", "gradeLevelDescriptors"));
    }

    @Test
    void aVendorWritesOnlyInItsNamespacesWhileReadingEveryone() throws Exception {
        developer.expect(201, "POST", "/admin/vendors", "{\"name\": \"Grand Bend\", \"namespacePrefixes\": [\"uri://gbisd.edu\"]}");
        developer.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Grand Bend\", \"name\": \"Descriptors\", \"claimSet\": \"EdFiSandbox\"}");
        JsonNode created = MessageCodec.MAPPER.readTree(developer.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Grand Bend\", \"application\": \"Descriptors\", \"instances\": [\"district-b/default\"]}").body());
        TestApi grandBend = new TestApi(node.port(), new ConfiguredClients.Credentials(created.path("clientId").asText(), created.path("clientSecret").asText()));
        TestApi edfi = new TestApi(node.port(), client("full-access", List.of("district-b/default")));
        String theirs = TestApi.idOf(edfi.expect(201, "POST", "/district-b/data/ed-fi/academicSubjectDescriptors", academicSubject("uri://ed-fi.org", "Art")));

        grandBend.expect(201, "POST", "/district-b/data/ed-fi/academicSubjectDescriptors", academicSubject("uri://gbisd.edu", "Art"));
        HttpResponse<String> refused = grandBend.send("POST", "/district-b/data/ed-fi/academicSubjectDescriptors", academicSubject("uri://ed-fi.org", "Music"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch", MessageCodec.MAPPER.readTree(refused.body()).path("type").asText());
        assertEquals(403, grandBend.send("DELETE", "/district-b/data/ed-fi/academicSubjectDescriptors/" + theirs, null).statusCode());
        assertEquals(2, total(grandBend, "/district-b", "academicSubjectDescriptors"), "descriptors of every namespace stay readable");

        // Assessment metadata is read in the vendor's namespaces (Read NamespaceBased on domains/assessmentMetadata).
        developer.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Grand Bend\", \"name\": \"Assessments\", \"claimSet\": \"AssessmentVendor\"}");
        JsonNode assessor = MessageCodec.MAPPER.readTree(developer.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Grand Bend\", \"application\": \"Assessments\", \"instances\": [\"district-b/default\"]}").body());
        TestApi assessments = new TestApi(node.port(), new ConfiguredClients.Credentials(assessor.path("clientId").asText(), assessor.path("clientSecret").asText()));
        String edfiAssessment = TestApi.idOf(edfi.expect(201, "POST", "/district-b/data/ed-fi/assessments", assessment("uri://ed-fi.org/Assessment", "ED-FI-1")));
        assessments.expect(201, "POST", "/district-b/data/ed-fi/assessments", assessment("uri://gbisd.edu/Assessment", "GB-1"));
        assertEquals(1, total(assessments, "/district-b", "assessments"), "its own namespace only");
        HttpResponse<String> outside = assessments.send("GET", "/district-b/data/ed-fi/assessments/" + edfiAssessment, null);
        assertEquals(403, outside.statusCode(), outside.body());
        assertEquals("urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch",
                MessageCodec.MAPPER.readTree(outside.body()).path("type").asText());
    }

    @Test
    void onlyAClaimSetThatReachesTheAdminApiMayUseIt() throws Exception {
        TestApi sis = new TestApi(node.port(), client("SISVendor", List.of("district-a/default")));
        HttpResponse<String> refused = sis.send("GET", "/admin/instances", null);
        assertEquals(403, refused.statusCode());
        assertEquals("urn:ed-fi:api:security:authorization:access-denied:admin", MessageCodec.MAPPER.readTree(refused.body()).path("type").asText());
        TestApi admin = new TestApi(node.port(), client("admin", List.of()));
        assertEquals(200, admin.send("GET", "/admin/instances", null).statusCode());
    }

    @Test
    void aClientOverItsRateIsAnswered429WithRetryAfterAndComesBackLater() throws Exception {
        TestApi busy = new TestApi(node.port(), client("EdFiAPIPublisherReader", List.of("district-a/default")));
        // Eight at a time, so that a slow machine still sends more than the rate.
        HttpResponse<String> limited = null;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 3 * RATE_LIMIT; i++) {
                answers.add(pool.submit(() -> busy.send("GET", "/district-a/data/ed-fi/gradeLevelDescriptors?limit=1", null)));
            }
            for (var answer : answers) {
                int status = answer.get().statusCode();
                assertTrue(status == 200 || status == 429, "status " + status);
                if (status == 429 && limited == null) {
                    limited = answer.get();
                }
            }
        }
        assertTrue(limited != null, "more than the rate in a burst meets the limit");
        assertEquals("urn:ed-fi:api:too-many-requests", MessageCodec.MAPPER.readTree(limited.body()).path("type").asText());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        Thread.sleep(retryAfter * 1000);
        assertNotEquals(429, busy.send("GET", "/district-a/data/ed-fi/gradeLevelDescriptors?limit=1", null).statusCode());
    }

    @Test
    void aClientIntrospectsItsOwnTokenUnderAnyPrefixAndNoOtherToken() throws Exception {
        String token = new TestApi(node.port(), client("SISVendor", List.of("district-a/default"))).token();
        TestApi anonymous = TestApi.anonymous(node.port());
        for (String path : List.of("/oauth/token_info", "/district-a/oauth/token_info")) {
            HttpResponse<String> answer = anonymous.send("POST", path, "{\"token\": \"" + token + "\"}", "Authorization", "Bearer " + token);
            assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            JsonNode info = MessageCodec.MAPPER.readTree(answer.body());
            assertTrue(info.path("active").asBoolean());
            assertEquals("SISVendor", info.path("claim_set").path("name").asText());
            assertEquals("[\"uri://ed-fi.org\"]", info.path("namespace_prefixes").toString());
            assertEquals("[\"district-a/default\"]", info.path("instances").toString());
            Map<String, String> resources = new java.util.HashMap<>();
            info.path("resources").forEach(resource -> resources.put(resource.path("resource").asText(), resource.path("operations").toString()));
            assertEquals("[\"Create\",\"Read\",\"Update\",\"Delete\"]", resources.get("/ed-fi/students"));
            assertEquals("[\"Read\"]", resources.get("/ed-fi/gradeLevelDescriptors"));
        }
        HttpResponse<String> another = anonymous.send("POST", "/oauth/token_info", "{\"token\": \"" + developer.token() + "\"}",
                "Authorization", "Bearer " + token);
        assertEquals(400, another.statusCode(), another.body());
        assertEquals("invalid_request", MessageCodec.MAPPER.readTree(another.body()).path("error").asText());
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A new client of a new application with this claim set, given these instances ({@code tenant/instance}). */
    private static ConfiguredClients.Credentials client(String claimSet, List<String> instances) throws Exception {
        String application = claimSet + "-" + UUID.randomUUID();
        developer.expect(201, "POST", "/admin/applications",
                "{\"vendor\": \"Vendor\", \"name\": \"" + application + "\", \"claimSet\": \"" + claimSet + "\"}");
        JsonNode client = MessageCodec.MAPPER.readTree(developer.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Vendor\", \"application\": \"" + application + "\", \"instances\": " + MessageCodec.encodeToString(instances) + "}").body());
        return new ConfiguredClients.Credentials(client.path("clientId").asText(), client.path("clientSecret").asText());
    }

    /** One action on a resource: create with an empty document, read the collection, update and delete an unknown id. */
    private static int attempt(TestApi client, String instance, String resource, char action) throws Exception {
        String collection = instance + "/data/ed-fi/" + resource;
        String item = collection + "/" + UUID.randomUUID();
        return switch (action) {
            case 'c' -> client.send("POST", collection, "{}").statusCode();
            case 'r' -> client.send("GET", collection, null).statusCode();
            case 'u' -> client.send("PUT", item, "{}").statusCode();
            default -> client.send("DELETE", item, null).statusCode();
        };
    }

    private static String assessment(String namespace, String identifier) {
        return "{\"assessmentIdentifier\": \"" + identifier + "\", \"namespace\": \"" + namespace + "\", \"assessmentTitle\": \"" + identifier
                + "\", \"academicSubjects\": [{\"academicSubjectDescriptor\": \"uri://ed-fi.org/AcademicSubjectDescriptor#Art\"}]}";
    }

    private static String academicSubject(String namespace, String code) {
        return "{\"namespace\": \"" + namespace + "/AcademicSubjectDescriptor\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    private static String descriptor(String code) {
        return "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    private static long total(TestApi api, String instance, String resource) throws Exception {
        HttpResponse<String> page = api.expect(200, "GET", instance + "/data/ed-fi/" + resource + "?totalCount=true", null);
        return Long.parseLong(page.headers().firstValue("Total-Count").orElseThrow());
    }
}
