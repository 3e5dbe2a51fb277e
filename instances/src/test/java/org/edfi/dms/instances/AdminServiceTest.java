package org.edfi.dms.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP, on the real registry. Each test uses tenants of its own. */
class AdminServiceTest {

    /**
     * Records the lifecycle calls and fails the next one when told to. A stand-in is acceptable only
     * at this level, where the subject is the admin API's states, answers and retries; the real
     * lifecycle (databases, topics, connectors) is app's and is tested there against the real things.
     */
    static final class RecordingLifecycle implements InstanceLifecycle {

        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failNext;

        private void record(String call, Instance instance) {
            calls.add(call + " " + instance.tenant() + "/" + instance.name() + " " + instance.state().label());
            if (failNext) {
                failNext = false;
                throw new InstanceOperationException("Kafka Connect at http://connect:8083 is unreachable");
            }
        }

        @Override
        public Instance provision(Instance instance) {
            record("provision", instance);
            return instance;
        }

        @Override
        public void purge(Instance instance) {
            record("purge", instance);
        }

        @Override
        public void remove(Instance instance) {
            record("remove", instance);
        }
    }

    private record Answer(int status, String contentType, JsonNode body, HttpResponse<String> response) {}

    private static final RecordingLifecycle lifecycle = new RecordingLifecycle();
    private static InstanceRegistry registry;
    private static WebServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        DataSource config = ConfigDatabase.create("admin_test");
        RegistrySchema.migrate(config);
        registry = new InstanceRegistry(Jdbi.create(config));
        AdminService admin = new AdminService(registry, lifecycle, new InstanceRules(List.of("pg-1", "pg-2"), List.of()));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(admin)).build().start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop();
        http.close();
    }

    @BeforeEach
    void clear() {
        lifecycle.calls.clear();
        lifecycle.failNext = false;
    }

    private static Answer call(String method, String path, String body) throws IOException, InterruptedException {
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

    @Test
    void tenantsAreCreatedOnceAndListed() throws Exception {
        Answer created = call("POST", "/admin/tenants", "{\"name\": \"district-a\"}");
        assertEquals(201, created.status());
        assertEquals("district-a", created.body().get("name").asText());
        assertTrue(created.body().hasNonNull("createdAt"));
        Answer again = call("POST", "/admin/tenants", "{\"name\": \"district-a\"}");
        assertEquals(200, again.status());
        assertEquals(created.body(), again.body());

        Answer list = call("GET", "/admin/tenants", null);
        assertEquals(200, list.status());
        assertTrue(list.body().isArray());
        assertTrue(list.body().toString().contains("\"name\":\"district-a\""), list.body().toString());

        assertProblem(call("POST", "/admin/tenants", "{\"name\": \"District A\"}"), 400, "urn:ed-fi:api:bad-request:data-validation-failed");
        assertProblem(call("POST", "/admin/tenants", "{}"), 400, "urn:ed-fi:api:bad-request:data-validation-failed");
        assertProblem(call("POST", "/admin/tenants", "not json"), 400, "urn:ed-fi:api:bad-request");
    }

    @Test
    void creatingAnInstanceRegistersProvisionsAndAnswersItsJson() throws Exception {
        Answer created = call("POST", "/admin/instances",
                "{\"tenant\": \"create\", \"context\": {\"districtId\": 255901, \"schoolYear\": \"2024\"}}");

        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertEquals("application/json; charset=utf-8", created.contentType());
        assertEquals("/admin/instances/create/255901-2024", created.response().headers().firstValue("Location").orElse(""));
        JsonNode json = created.body();
        assertEquals("create", json.get("tenant").asText());
        assertEquals("255901-2024", json.get("name").asText());
        assertEquals("{\"districtId\":\"255901\",\"schoolYear\":\"2024\"}", json.get("context").toString());
        assertEquals("pg-1", json.get("server").asText());
        assertEquals("database", json.get("mode").asText());
        assertEquals("ready", json.get("state").asText());
        assertEquals("dms.create.255901-2024.commands", json.at("/topics/commands").asText());
        assertEquals("dms.create.255901-2024.documents", json.at("/topics/documents").asText());
        assertEquals("dms.create.255901-2024.results", json.at("/topics/results").asText());
        assertEquals("edfi.create.255901-2024.documents", json.at("/topics/changes").asText());
        assertTrue(json.hasNonNull("createdAt") && json.hasNonNull("updatedAt"));
        assertEquals(List.of("provision create/255901-2024 provisioning"), lifecycle.calls, "provisioned while the record said so");

        Answer again = call("POST", "/admin/instances", "{\"tenant\": \"create\", \"context\": {\"districtId\": \"255901\", \"schoolYear\": \"2024\"}}");
        assertEquals(200, again.status());
        assertEquals(json, again.body());
        assertEquals(1, lifecycle.calls.size(), "a ready instance is not provisioned again");

        Answer shown = call("GET", "/admin/instances/create/255901-2024", null);
        assertEquals(200, shown.status());
        assertEquals(json, shown.body());
        Answer tenants = call("GET", "/admin/tenants", null);
        assertTrue(tenants.body().toString().contains("\"name\":\"create\""), "the tenant came with its first instance");
    }

    @Test
    void aProvisioningThatFailedHalfwayIsFinishedByTheSameRequest() throws Exception {
        String body = "{\"tenant\": \"retry\", \"name\": \"y2024\", \"context\": {\"schoolYear\": \"2024\"}, \"server\": \"pg-2\", \"mode\": \"schema\"}";
        lifecycle.failNext = true;
        Answer failed = call("POST", "/admin/instances", body);
        assertProblem(failed, 503, "urn:ed-fi:api:service-unavailable");
        assertTrue(failed.body().get("errors").get(0).asText().contains("provisioning instance retry/y2024 failed: Kafka Connect at http://connect:8083"
                + " is unreachable; it stays provisioning: repeat the request to finish"), failed.body().toString());
        assertEquals("provisioning", call("GET", "/admin/instances/retry/y2024", null).body().get("state").asText());

        Answer finished = call("POST", "/admin/instances", body);
        assertEquals(201, finished.status(), "this request made it ready");
        assertEquals("ready", finished.body().get("state").asText());
        assertEquals("pg-2", finished.body().get("server").asText());
        assertEquals("schema", finished.body().get("mode").asText());
        assertEquals(List.of("provision retry/y2024 provisioning", "provision retry/y2024 provisioning"), lifecycle.calls);
    }

    @Test
    void purgeEmptiesAReadyInstanceAndARetryFinishesAFailedPurge() throws Exception {
        call("POST", "/admin/instances", "{\"tenant\": \"purge\"}");
        lifecycle.calls.clear();

        Answer purged = call("POST", "/admin/instances/purge/default/purge", null);
        assertEquals(200, purged.status(), String.valueOf(purged.body()));
        assertEquals("ready", purged.body().get("state").asText());
        assertEquals(List.of("purge purge/default purging"), lifecycle.calls);

        lifecycle.failNext = true;
        assertProblem(call("POST", "/admin/instances/purge/default/purge", null), 503, "urn:ed-fi:api:service-unavailable");
        assertEquals("purging", call("GET", "/admin/instances/purge/default", null).body().get("state").asText());
        Answer create = call("POST", "/admin/instances", "{\"tenant\": \"purge\"}");
        assertProblem(create, 409, "urn:ed-fi:api:conflict");
        assertTrue(create.body().get("errors").get(0).asText().contains("is purging; repeat the purge to finish it first"), create.body().toString());

        assertEquals(200, call("POST", "/admin/instances/purge/default/purge", null).status());
        assertEquals("ready", call("GET", "/admin/instances/purge/default", null).body().get("state").asText());
        assertEquals(3, lifecycle.calls.size());
    }

    @Test
    void anInstanceStillProvisioningCannotBePurged() throws Exception {
        lifecycle.failNext = true;
        call("POST", "/admin/instances", "{\"tenant\": \"early\"}");
        Answer purge = call("POST", "/admin/instances/early/default/purge", null);
        assertProblem(purge, 409, "urn:ed-fi:api:conflict");
        assertTrue(purge.body().get("errors").get(0).asText().contains("is provisioning, so it cannot become purging"), purge.body().toString());
    }

    @Test
    void deleteRemovesEverythingThenTheRecordAndARetryFinishesAFailedDelete() throws Exception {
        call("POST", "/admin/instances", "{\"tenant\": \"delete\", \"context\": {\"schoolYear\": \"2024\"}}");
        lifecycle.calls.clear();

        lifecycle.failNext = true;
        assertProblem(call("DELETE", "/admin/instances/delete/2024", null), 503, "urn:ed-fi:api:service-unavailable");
        assertEquals("deleting", call("GET", "/admin/instances/delete/2024", null).body().get("state").asText());

        Answer deleted = call("DELETE", "/admin/instances/delete/2024", null);
        assertEquals(204, deleted.status());
        assertEquals("", deleted.response().body());
        assertEquals(List.of("remove delete/2024 deleting", "remove delete/2024 deleting"), lifecycle.calls);
        assertProblem(call("GET", "/admin/instances/delete/2024", null), 404, "urn:ed-fi:api:not-found");
        assertProblem(call("DELETE", "/admin/instances/delete/2024", null), 404, "urn:ed-fi:api:not-found");
        assertEquals(0, call("GET", "/admin/instances?tenant=delete", null).body().size(), "the tenant stays, empty");
    }

    @Test
    void listingIsPerTenantOrEverything() throws Exception {
        call("POST", "/admin/instances", "{\"tenant\": \"list-a\", \"context\": {\"schoolYear\": \"2024\"}}");
        call("POST", "/admin/instances", "{\"tenant\": \"list-a\", \"context\": {\"schoolYear\": \"2025\"}}");
        call("POST", "/admin/instances", "{\"tenant\": \"list-b\"}");

        Answer a = call("GET", "/admin/instances?tenant=list-a", null);
        assertEquals(200, a.status());
        assertEquals(List.of("2024", "2025"), List.of(a.body().get(0).get("name").asText(), a.body().get(1).get("name").asText()));
        String all = call("GET", "/admin/instances", null).body().toString();
        assertTrue(all.contains("\"tenant\":\"list-a\"") && all.contains("\"tenant\":\"list-b\""), all);
        Answer unknown = call("GET", "/admin/instances?tenant=list-nobody", null);
        assertProblem(unknown, 404, "urn:ed-fi:api:not-found");
        assertEquals("No tenant list-nobody.", unknown.body().get("detail").asText());
    }

    @Test
    void unknownNamesAre404AndBadRequestsAre400WithThePlaceOfTheProblem() throws Exception {
        assertEquals("No tenant nobody.", call("GET", "/admin/instances/nobody/default", null).body().get("detail").asText());
        call("POST", "/admin/tenants", "{\"name\": \"bad\"}");
        assertEquals("No instance bad/missing.", call("GET", "/admin/instances/bad/missing", null).body().get("detail").asText());
        assertProblem(call("GET", "/admin/instances/Bad/Name", null), 404, "urn:ed-fi:api:not-found");
        assertProblem(call("POST", "/admin/instances/bad/missing/purge", null), 404, "urn:ed-fi:api:not-found");

        Answer typo = call("POST", "/admin/instances", "{\"tenant\": \"bad\", \"contxt\": {\"schoolYear\": \"2024\"}}");
        assertProblem(typo, 400, "urn:ed-fi:api:bad-request:data-validation-failed");
        assertEquals("[\"unknown field; the fields are tenant, name, context, server, mode\"]", typo.body().at("/validationErrors/$.contxt").toString());
        Answer mode = call("POST", "/admin/instances", "{\"tenant\": \"bad\", \"mode\": \"rows\"}");
        assertEquals("[\"the mode is database or schema, not 'rows'\"]", mode.body().at("/validationErrors/$.mode").toString());
        Answer server = call("POST", "/admin/instances", "{\"tenant\": \"bad\", \"server\": \"pg-7\"}");
        assertTrue(server.body().at("/validationErrors/$.server").toString().contains("the configured servers are pg-1, pg-2"), server.body().toString());
        Answer value = call("POST", "/admin/instances", "{\"tenant\": \"bad\", \"context\": {\"schoolYear\": true}}");
        assertTrue(value.body().has("validationErrors"), value.body().toString());
        assertProblem(call("POST", "/admin/instances", ""), 400, "urn:ed-fi:api:bad-request");
        assertProblem(call("POST", "/admin/instances", "[]"), 400, "urn:ed-fi:api:bad-request");
        assertEquals(List.of(), lifecycle.calls, "nothing bad reaches the lifecycle");
    }

    @Test
    @SuppressWarnings("try")
    void oneOperationAtATimeOnAnInstanceTheOthersAreToldToComeBack() throws Exception {
        call("POST", "/admin/instances", "{\"tenant\": \"busy\"}");
        lifecycle.calls.clear();
        try (InstanceLock held = registry.tryLock(new InstanceId("busy", "default")).orElseThrow()) {
            Answer purge = call("POST", "/admin/instances/busy/default/purge", null);
            assertProblem(purge, 409, "urn:ed-fi:api:conflict");
            assertTrue(purge.body().get("errors").get(0).asText().contains("another operation on instance busy/default is under way"),
                    purge.body().toString());
            assertProblem(call("DELETE", "/admin/instances/busy/default", null), 409, "urn:ed-fi:api:conflict");
        }
        assertEquals(List.of(), lifecycle.calls);
        assertEquals(200, call("POST", "/admin/instances/busy/default/purge", null).status(), "free again");
    }

    @Test
    void aSecondInstanceWithTheSameContextIsAConflict() throws Exception {
        assertEquals(201, call("POST", "/admin/instances", "{\"tenant\": \"twice\", \"context\": {\"schoolYear\": \"2024\"}}").status());
        Answer conflict = call("POST", "/admin/instances", "{\"tenant\": \"twice\", \"name\": \"again\", \"context\": {\"schoolYear\": \"2024\"}}");
        assertProblem(conflict, 409, "urn:ed-fi:api:identity-conflict");
        assertTrue(conflict.body().get("errors").get(0).asText().contains("instance twice/2024 of tenant twice already has the context"),
                conflict.body().toString());
    }

    @Test
    void otherMethodsAre405WithTheAllowedOnes() throws Exception {
        Answer put = call("PUT", "/admin/instances", "{}");
        assertProblem(put, 405, "urn:ed-fi:api:method-not-allowed");
        assertEquals("GET, POST", put.response().headers().firstValue("Allow").orElse(""));
        assertEquals("GET, DELETE", call("POST", "/admin/instances/a/b", "{}").response().headers().firstValue("Allow").orElse(""));
    }
}
