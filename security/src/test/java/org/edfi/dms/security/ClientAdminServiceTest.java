package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.edfi.dms.contracts.MessageCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client admin API over real HTTP, on the real registry. Each test uses vendors of its own. */
class ClientAdminServiceTest {

    private record Answer(int status, String contentType, JsonNode body, HttpResponse<String> response) {

        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }

    private static ClientRegistry registry;
    private static SigningKeys keys;
    private static WebServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        var jdbi = ConfigDatabase.create("client_admin_test");
        registry = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(1_000));
        keys = new SigningKeys(new SigningKeyStore(jdbi), TokenService.DEFAULT_LIFETIME);
        keys.ensureKey();
        ClientAdminService admin = new ClientAdminService(registry, keys,
                new ClaimSetCatalog(EdFiClaims.claimSets(), new ClaimSetStore(jdbi), java.time.Clock.systemUTC()));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(admin)).build().start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop();
        http.close();
    }

    private static Answer call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : MessageCodec.MAPPER.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, response);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals("application/problem+json", answer.contentType());
        assertEquals(type, answer.body().get("type").asText(), answer.body().toString());
        assertEquals(status, answer.body().get("status").asInt());
        assertTrue(answer.body().hasNonNull("correlationId"));
    }

    /** A vendor with the application "App" (SISVendor). */
    private static void vendorWithApplication(String vendor) throws Exception {
        assertEquals(201, call("POST", "/admin/vendors", "{\"name\": \"" + vendor + "\"}").status());
        assertEquals(201, call("POST", "/admin/applications",
                "{\"vendor\": \"" + vendor + "\", \"name\": \"App\", \"claimSet\": \"SISVendor\"}").status());
    }

    @Test
    void vendorsAreCreatedOnceAndListed() throws Exception {
        Answer created = call("POST", "/admin/vendors", "{\"name\": \"Grand Bend SIS\", \"namespacePrefixes\": [\"uri://gbisd.edu\"]}");
        assertEquals(201, created.status());
        assertEquals("application/json; charset=utf-8", created.contentType());
        assertEquals("Grand Bend SIS", created.body().get("name").asText());
        assertEquals("[\"uri://gbisd.edu\"]", created.body().get("namespacePrefixes").toString());
        assertTrue(created.body().hasNonNull("createdAt"));
        Answer again = call("POST", "/admin/vendors", "{\"name\": \"Grand Bend SIS\", \"namespacePrefixes\": [\"uri://gbisd.edu\"]}");
        assertEquals(200, again.status());
        assertEquals(created.body(), again.body());
        assertTrue(call("GET", "/admin/vendors", null).body().toString().contains(created.body().toString()));

        Answer conflict = call("POST", "/admin/vendors", "{\"name\": \"Grand Bend SIS\"}");
        assertProblem(conflict, 409, "urn:ed-fi:api:identity-conflict");
        assertTrue(conflict.body().get("errors").get(0).asText().startsWith("vendor Grand Bend SIS exists with the namespace prefixes"));
    }

    @Test
    void applicationsAreCreatedOnceAndListedPerVendor() throws Exception {
        call("POST", "/admin/vendors", "{\"name\": \"Assessments Inc\"}");
        String body = "{\"vendor\": \"Assessments Inc\", \"name\": \"Scores\", \"claimSet\": \"AssessmentVendor\", \"educationOrganizationIds\": [255901]}";
        Answer created = call("POST", "/admin/applications", body);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertTrue(created.body().get("id").isIntegralNumber());
        assertEquals("Assessments Inc", created.body().get("vendor").asText());
        assertEquals("Scores", created.body().get("name").asText());
        assertEquals("AssessmentVendor", created.body().get("claimSet").asText());
        assertEquals("[255901]", created.body().get("educationOrganizationIds").toString());
        assertEquals(200, call("POST", "/admin/applications", body).status());

        Answer list = call("GET", "/admin/applications?vendor=Assessments%20Inc", null);
        assertEquals(200, list.status());
        assertEquals(1, list.body().size());
        assertEquals(created.body(), list.body().get(0));
        assertTrue(call("GET", "/admin/applications", null).body().toString().contains("\"name\":\"Scores\""));
        Answer unknownVendor = call("GET", "/admin/applications?vendor=Nobody", null);
        assertProblem(unknownVendor, 404, "urn:ed-fi:api:not-found");
        assertEquals("No vendor Nobody.", unknownVendor.body().get("detail").asText());
    }

    @Test
    void aClientIsMadeWithASecretShownOnlyInThatAnswer() throws Exception {
        vendorWithApplication("Clients Co");
        Answer created = call("POST", "/admin/clients",
                "{\"vendor\": \"Clients Co\", \"application\": \"App\", \"instances\": [\"district-a/255901-2024\"]}");

        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertEquals("no-store", created.header("Cache-Control"));
        String clientId = created.body().get("clientId").asText();
        String secret = created.body().get("clientSecret").asText();
        assertEquals("/admin/clients/" + clientId, created.header("Location"));
        assertEquals("Clients Co", created.body().get("vendor").asText());
        assertEquals("App", created.body().get("application").asText());
        assertEquals("[\"district-a/255901-2024\"]", created.body().get("instances").toString());
        assertTrue(created.body().get("active").asBoolean());
        assertTrue(registry.authenticate(clientId, secret).isPresent());

        Answer shown = call("GET", "/admin/clients/" + clientId, null);
        assertEquals(200, shown.status());
        assertFalse(shown.body().has("clientSecret"));
        assertEquals(clientId, shown.body().get("clientId").asText());
        String list = call("GET", "/admin/clients?vendor=Clients%20Co", null).body().toString();
        assertTrue(list.contains(clientId), list);
        assertFalse(list.contains(secret));
        assertFalse(call("GET", "/admin/clients", null).body().toString().contains("clientSecret"));
    }

    @Test
    void aResetSecretIsShownOnceAndTheOldOneStopsWorking() throws Exception {
        vendorWithApplication("Resets");
        Answer created = call("POST", "/admin/clients", "{\"vendor\": \"Resets\", \"application\": \"App\", \"instances\": []}");
        String clientId = created.body().get("clientId").asText();
        String oldSecret = created.body().get("clientSecret").asText();

        Answer reset = call("POST", "/admin/clients/" + clientId + "/secret", null);

        assertEquals(200, reset.status());
        assertEquals("no-store", reset.header("Cache-Control"));
        String newSecret = reset.body().get("clientSecret").asText();
        assertNotEquals(oldSecret, newSecret);
        assertTrue(registry.authenticate(clientId, oldSecret).isEmpty());
        assertTrue(registry.authenticate(clientId, newSecret).isPresent());
    }

    @Test
    void aDeletedClientIsGone() throws Exception {
        vendorWithApplication("Deletes");
        String clientId = call("POST", "/admin/clients", "{\"vendor\": \"Deletes\", \"application\": \"App\"}").body().get("clientId").asText();

        Answer deleted = call("DELETE", "/admin/clients/" + clientId, null);
        assertEquals(204, deleted.status());
        assertEquals("", deleted.response().body());
        Answer gone = call("GET", "/admin/clients/" + clientId, null);
        assertProblem(gone, 404, "urn:ed-fi:api:not-found");
        assertEquals("No client " + clientId + ".", gone.body().get("detail").asText());
        assertProblem(call("DELETE", "/admin/clients/" + clientId, null), 404, "urn:ed-fi:api:not-found");
        assertProblem(call("POST", "/admin/clients/" + clientId + "/secret", null), 404, "urn:ed-fi:api:not-found");
    }

    @Test
    void unknownNamesAre404AndBadRequestsAre400WithThePlaceOfTheProblem() throws Exception {
        vendorWithApplication("Bad");
        Answer noVendor = call("POST", "/admin/applications", "{\"vendor\": \"Nobody\", \"name\": \"App\", \"claimSet\": \"EdFiAPIPublisherReader\"}");
        assertProblem(noVendor, 404, "urn:ed-fi:api:not-found");
        assertEquals("No vendor Nobody.", noVendor.body().get("detail").asText());
        Answer noApplication = call("POST", "/admin/clients", "{\"vendor\": \"Bad\", \"application\": \"Missing\"}");
        assertProblem(noApplication, 404, "urn:ed-fi:api:not-found");
        assertEquals("No application Missing of vendor Bad.", noApplication.body().get("detail").asText());

        Answer claimSet = call("POST", "/admin/applications", "{\"vendor\": \"Bad\", \"name\": \"Other\", \"claimSet\": \"everything\"}");
        assertProblem(claimSet, 400, "urn:ed-fi:api:bad-request:data-validation-failed");
        assertTrue(claimSet.body().at("/validationErrors/$.claimSet/0").asText().startsWith("unknown claim set 'everything'; the claim sets are full-access"));
        Answer typo = call("POST", "/admin/applications", "{\"vendor\": \"Bad\", \"name\": \"Other\", \"claimset\": \"EdFiAPIPublisherReader\"}");
        assertEquals("[\"unknown field; the fields are vendor, name, claimSet, educationOrganizationIds, profiles\"]",
                typo.body().at("/validationErrors/$.claimset").toString());
        Answer edorg = call("POST", "/admin/applications", "{\"vendor\": \"Bad\", \"name\": \"Other\", \"claimSet\": \"EdFiAPIPublisherReader\", \"educationOrganizationIds\": [\"255901\"]}");
        assertTrue(edorg.body().at("/validationErrors").has("$.educationOrganizationIds[0]"), edorg.body().toString());
        Answer instance = call("POST", "/admin/clients", "{\"vendor\": \"Bad\", \"application\": \"App\", \"instances\": [\"district-a\"]}");
        assertProblem(instance, 400, "urn:ed-fi:api:bad-request:data-validation-failed");
        assertTrue(instance.body().at("/validationErrors/$.instances[0]/0").asText().startsWith("an instance is written tenant/instance"));
        assertTrue(call("POST", "/admin/clients", "{\"vendor\": \"Bad\", \"application\": \"App\", \"instances\": [\"District A/2024\"]}")
                .body().at("/validationErrors").has("$.instances[0]"));
        assertTrue(call("POST", "/admin/vendors", "{}").body().at("/validationErrors").has("$.name"));
        assertProblem(call("POST", "/admin/vendors", "not json"), 400, "urn:ed-fi:api:bad-request");
        assertProblem(call("POST", "/admin/vendors", ""), 400, "urn:ed-fi:api:bad-request");
        assertProblem(call("POST", "/admin/clients", "[]"), 400, "urn:ed-fi:api:bad-request");
    }

    @Test
    void rotatingTheKeysAnswersTheKeysThatVerify() throws Exception {
        String before = keys.signingKey().kid();
        Answer rotated = call("POST", "/admin/keys/rotate", null);
        assertEquals(200, rotated.status(), String.valueOf(rotated.body()));
        String signing = rotated.body().get("signingKey").asText();
        assertNotEquals(before, signing);
        assertEquals(signing, rotated.body().at("/keys/0/kid").asText());
        assertFalse(rotated.body().at("/keys/0").has("retireAfter"));
        assertEquals(before, rotated.body().at("/keys/1/kid").asText());
        assertTrue(rotated.body().at("/keys/1").has("retireAfter"));
    }

    @Test
    void otherMethodsAre405WithTheAllowedOnes() throws Exception {
        Answer put = call("PUT", "/admin/vendors", "{}");
        assertProblem(put, 405, "urn:ed-fi:api:method-not-allowed");
        assertEquals("GET, POST", put.header("Allow"));
        assertEquals("GET, POST", call("DELETE", "/admin/applications", null).header("Allow"));
        assertEquals("GET, DELETE", call("POST", "/admin/clients/abc", "{}").header("Allow"));
        assertEquals("POST", call("GET", "/admin/clients/abc/secret", null).header("Allow"));
        assertEquals("POST", call("GET", "/admin/keys/rotate", null).header("Allow"));
    }
}
