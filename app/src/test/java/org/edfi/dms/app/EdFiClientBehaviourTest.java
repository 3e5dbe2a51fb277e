package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Ed-Fi client sees of URLs, conditional requests, query parameters and correlation ids,
 * as the Ed-Fi DMS answers them (issue 23), on a running node (embedded Kafka and PostgreSQL, every
 * role) that lets the browser origin {@value #ORIGIN} call it (CORS).
 */
class EdFiClientBehaviourTest {

    @TempDir
    static Path dir;

    static final String ORIGIN = "https://app.example.org";

    private static SecuredNode node;
    private static TestApi api;

    private static final String STUDENTS = "/data/ed-fi/students";
    private static final String GRADES = "/data/ed-fi/gradeLevelDescriptors";

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "client-behaviour", TestApi.dataStandard(), List.of(ORIGIN));
        api = new TestApi(node.port());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    // ---- 1. URLs -----------------------------------------------------------------------------

    @Test
    void aTrailingSlashIsTheSameRoute() throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", GRADES + "/", EdFiBodies.descriptor("GradeLevelDescriptor", "Slash grade"));
        String id = TestApi.idOf(created);
        assertEquals(1, json(api.expect(200, "GET", GRADES + "/?codeValue=" + q("Slash grade"), null)).size());
        api.expect(200, "GET", GRADES + "/" + id + "/", null);
    }

    @Test
    void resourceSegmentsAndQueryParameterNamesMatchWithoutCase() throws Exception {
        api.expect(201, "POST", "/data/Ed-Fi/GRADELEVELDESCRIPTORS", EdFiBodies.descriptor("GradeLevelDescriptor", "Case grade"));
        JsonNode page = json(api.expect(200, "GET", "/data/ed-fi/GradeLevelDescriptors?CODEVALUE=" + q("Case grade") + "&OfFSeT=0&LIMIT=5"
                + "&TotalCount=true", null));
        assertEquals(1, page.size());
        HttpResponse<String> counted = api.expect(200, "GET", "/data/ed-fi/gradeleveldescriptors?codeValue=" + q("Case grade") + "&totalcount=true", null);
        assertEquals("1", counted.headers().firstValue("Total-Count").orElse(null), "totalcount is totalCount");
        assertEquals(0, json(api.expect(200, "GET", "/data/ed-fi/gradeLevelDescriptors?codeValue=" + q("Case grade") + "&OFFSET=1", null)).size());
    }

    @Test
    void theLocationOfACreatedDocumentNamesItsResourceAsTheSchemaDoes() throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", "/data/ED-FI/GradeLevelDescriptors/",
                EdFiBodies.descriptor("GradeLevelDescriptor", "Location grade"));
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/data/ed-fi/gradeLevelDescriptors/" + TestApi.idOf(created)),
                created.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aMalformedIdInThePathIsABadRequest() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> answer = api.send(method, STUDENTS + "/not-an-id", method.equals("PUT") ? EdFiBodies.student("X1") : null);
            assertEquals(400, answer.statusCode(), method + ": " + answer.body());
            JsonNode problem = json(answer);
            assertEquals(Problem.DATA_VALIDATION_FAILED, problem.path("type").asText());
            assertEquals("Data validation failed. See 'validationErrors' for details.", problem.path("detail").asText());
            assertEquals("The value 'not-an-id' is not valid.", problem.at("/validationErrors/$.id/0").asText(), answer.body());
        }
    }

    @Test
    void anyMethodOnAnUnknownResourceOrProjectIsNotFound() throws Exception {
        String unknownItem = "/data/ed-fi/nothingHere/" + UUID.randomUUID();
        for (String[] request : List.of(new String[] {"PUT", unknownItem}, new String[] {"DELETE", unknownItem}, new String[] {"PATCH", unknownItem},
                new String[] {"PUT", "/data/ed-fi/nothingHere"}, new String[] {"DELETE", "/data/ed-fi/nothingHere"},
                new String[] {"PATCH", "/data/ed-fi/nothingHere"}, new String[] {"PUT", "/data/no-project/students/" + UUID.randomUUID()},
                new String[] {"PATCH", "/data/no-project/students"})) {
            HttpResponse<String> answer = api.send(request[0], request[1], "{}");
            assertEquals(404, answer.statusCode(), request[0] + " " + request[1] + ": " + answer.body());
            assertEquals(Problem.NOT_FOUND, json(answer).path("type").asText());
        }
    }

    @Test
    void writesAgainstTheWrongKindOfRouteAreNotAllowedWithTheDmsReasons() throws Exception {
        assertNotAllowed(api.send("PUT", STUDENTS, EdFiBodies.student("X2")), "GET, POST", "Resource collections cannot be replaced. To 'upsert' an item"
                + " in the collection, use POST. To update a specific item, use PUT and include the 'id' in the route.");
        assertNotAllowed(api.send("DELETE", STUDENTS, null), "GET, POST",
                "Resource collections cannot be deleted. To delete a specific item, use DELETE and include the 'id' in the route.");
        assertNotAllowed(api.send("POST", STUDENTS + "/" + UUID.randomUUID(), EdFiBodies.student("X3")), "GET, PUT, DELETE",
                "Resource items can only be updated using PUT. To 'upsert' an item in the resource collection using POST, remove the 'id' from the route.");
        assertNotAllowed(api.send("PATCH", STUDENTS, "{}"), "GET, POST", "The endpoint of the request does not support the 'PATCH' method.");
        assertNotAllowed(api.send("PATCH", STUDENTS + "/" + UUID.randomUUID(), "{}"), "GET, PUT, DELETE",
                "The endpoint of the request does not support the 'PATCH' method.");
        assertNotAllowed(api.send("TRACE", STUDENTS, null), "GET, POST", "The endpoint of the request does not support the 'TRACE' method.");
        assertNotAllowed(api.send("POST", STUDENTS + "/deletes", "{}"), "GET", "The endpoint of the request does not support the 'POST' method.");
    }

    private static void assertNotAllowed(HttpResponse<String> answer, String allow, String error) throws Exception {
        assertEquals(405, answer.statusCode(), answer.body());
        assertEquals(allow, answer.headers().firstValue("Allow").orElse(null));
        JsonNode problem = json(answer);
        assertEquals(Problem.METHOD_NOT_ALLOWED, problem.path("type").asText());
        assertEquals("The request construction was invalid.", problem.path("detail").asText());
        assertEquals(List.of(error), texts(problem.path("errors")));
    }

    @Test
    void optionsAnswersTheCorsPreflightOfAnAllowedOrigin() throws Exception {
        HttpResponse<String> preflight = api.send("OPTIONS", STUDENTS, null, "Origin", ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type");
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String methods = preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("");
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            assertTrue(methods.contains(method), methods);
        }
        assertEquals("authorization, content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        // without a token: a preflight carries none
        HttpResponse<String> anonymous = TestApi.anonymous(node.port()).send("OPTIONS", STUDENTS, null, "Origin", ORIGIN,
                "Access-Control-Request-Method", "GET");
        assertEquals(204, anonymous.statusCode(), anonymous.body());
        assertEquals(ORIGIN, anonymous.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> read = api.send("GET", STUDENTS, null, "Origin", ORIGIN);
        assertEquals(200, read.statusCode());
        assertEquals(ORIGIN, read.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(read.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("ETag"));
    }

    @Test
    void anOriginNotConfiguredGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> preflight = api.send("OPTIONS", STUDENTS, null, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertFalse(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<String> read = api.send("GET", STUDENTS, null, "Origin", "https://evil.example");
        assertEquals(200, read.statusCode());
        assertFalse(read.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void everyAnswerForbidsContentSniffingAndJsonIsUtf8() throws Exception {
        HttpResponse<String> page = api.expect(200, "GET", STUDENTS, null);
        assertEquals("application/json; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        for (HttpResponse<String> answer : List.of(page, api.send("GET", "/data/ed-fi/nothingHere", null),
                TestApi.anonymous(node.port()).send("GET", STUDENTS, null), api.send("GET", "/metadata", null))) {
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), answer.uri() + " " + answer.statusCode());
        }
    }

    // ---- 2. Conditional requests -------------------------------------------------------------

    @Test
    void ifMatchStarMatchesAnyExistingDocument() throws Exception {
        String id = TestApi.idOf(api.expect(201, "POST", STUDENTS, EdFiBodies.student("C1")));
        assertEquals(204, api.send("PUT", STUDENTS + "/" + id, withId(EdFiBodies.student("C1", "Changed"), id), "If-Match", "*").statusCode());
        assertEquals(204, api.send("DELETE", STUDENTS + "/" + id, null, "If-Match", "*").statusCode());
        HttpResponse<String> missingPut = api.send("PUT", STUDENTS + "/" + id, withId(EdFiBodies.student("C1"), id), "If-Match", "*");
        assertEquals(412, missingPut.statusCode(), missingPut.body());
        assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, json(missingPut).path("type").asText());
        assertEquals(412, api.send("DELETE", STUDENTS + "/" + id, null, "If-Match", "*").statusCode());
    }

    @Test
    void ifMatchIsHonouredOnDeleteAndOnAPostThatUpdates() throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", STUDENTS, EdFiBodies.student("C2"));
        String id = TestApi.idOf(created);
        String etag = created.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> stalePost = api.send("POST", STUDENTS, EdFiBodies.student("C2", "Stale"), "If-Match", "\"1\"");
        assertEquals(412, stalePost.statusCode(), stalePost.body());
        assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, json(stalePost).path("type").asText());
        HttpResponse<String> currentPost = api.send("POST", STUDENTS, EdFiBodies.student("C2", "Current"), "If-Match", etag);
        assertEquals(200, currentPost.statusCode(), currentPost.body());
        String updated = currentPost.headers().firstValue("ETag").orElseThrow();
        assertEquals(200, api.send("POST", STUDENTS, EdFiBodies.student("C2", "Any"), "If-Match", "*").statusCode());
        assertEquals(412, api.send("POST", STUDENTS, EdFiBodies.student("C2-new"), "If-Match", "*").statusCode(), "If-Match: * needs a document");

        assertEquals(412, api.send("DELETE", STUDENTS + "/" + id, null, "If-Match", updated).statusCode(), "stale after the last POST");
        String latest = api.expect(200, "GET", STUDENTS + "/" + id, null).headers().firstValue("ETag").orElseThrow();
        assertEquals(204, api.send("DELETE", STUDENTS + "/" + id, null, "If-Match", latest).statusCode());
    }

    @Test
    void ifNoneMatchStarOnAPostOnlyCreates() throws Exception {
        assertEquals(201, api.send("POST", STUDENTS, EdFiBodies.student("C3"), "If-None-Match", "*").statusCode());
        HttpResponse<String> again = api.send("POST", STUDENTS, EdFiBodies.student("C3", "Overwrite"), "If-None-Match", "*");
        assertEquals(412, again.statusCode(), again.body());
        assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, json(again).path("type").asText());
        assertEquals("FC3", json(api.expect(200, "GET", STUDENTS + "?studentUniqueId=C3", null)).get(0).path("firstName").asText(),
                "the stored document is untouched");
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagIsNotModified() throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", STUDENTS, EdFiBodies.student("C4"));
        String id = TestApi.idOf(created);
        String etag = created.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = api.send("GET", STUDENTS + "/" + id, null, "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(etag, notModified.headers().firstValue("ETag").orElse(null));
        assertEquals(304, api.send("GET", STUDENTS + "/" + id, null, "If-None-Match", "*").statusCode());
        assertEquals(200, api.send("GET", STUDENTS + "/" + id, null, "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void aWriteThatChangesNothingKeepsItsEtagAndMakesNoChange() throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", STUDENTS, EdFiBodies.student("C5"));
        String id = TestApi.idOf(created);
        String etag = created.headers().firstValue("ETag").orElseThrow();
        JsonNode before = json(api.expect(200, "GET", STUDENTS + "/" + id, null));
        long version = newestChangeVersion();

        HttpResponse<String> samePost = api.expect(200, "POST", STUDENTS, EdFiBodies.student("C5"));
        assertEquals(etag, samePost.headers().firstValue("ETag").orElse(null));
        HttpResponse<String> samePut = api.expect(204, "PUT", STUDENTS + "/" + id, withId(EdFiBodies.student("C5"), id));
        assertEquals(etag, samePut.headers().firstValue("ETag").orElse(null));

        JsonNode after = json(api.expect(200, "GET", STUDENTS + "/" + id, null));
        assertEquals(before.path("_lastModifiedDate").asText(), after.path("_lastModifiedDate").asText());
        assertEquals(before.path("_etag").asText(), after.path("_etag").asText());
        assertEquals(version, newestChangeVersion(), "no new change version");
    }

    private static long newestChangeVersion() throws Exception {
        return json(api.expect(200, "GET", "/changeQueries/v1/availableChangeVersions", null)).path("newestChangeVersion").asLong();
    }

    // ---- 3. Query parameters -----------------------------------------------------------------

    @Test
    void anUnknownQueryParameterIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> answer = api.expect(400, "GET", STUDENTS + "?studentUniqueld=C1", null);
        JsonNode problem = json(answer);
        assertEquals(Problem.BAD_REQUEST, problem.path("type").asText());
        assertEquals("The request could not be processed. See 'errors' for details.", problem.path("detail").asText());
        assertEquals(List.of("The query field 'studentUniqueld' is not valid for this resource."), texts(problem.path("errors")));
        api.expect(400, "GET", STUDENTS + "/partitions?foo=1", null);
        HttpResponse<String> onDeletes = api.expect(400, "GET", STUDENTS + "/deletes?foo=1", null);
        assertEquals(List.of("The query field 'foo' is not valid for this Change Query endpoint."), texts(json(onDeletes).path("errors")));
    }

    @Test
    void theProjectsOwnQueryParametersAreKnown() throws Exception {
        api.expect(201, "POST", STUDENTS, EdFiBodies.student("Q1"));
        api.expect(201, "POST", STUDENTS, EdFiBodies.student("Q2"));
        HttpResponse<String> first = api.expect(200, "GET", STUDENTS + "?pageSize=1&minChangeVersion=0&maxChangeVersion=999999", null);
        String token = first.headers().firstValue("Next-Page-Token").orElseThrow();
        api.expect(200, "GET", STUDENTS + "?pageSize=1&minChangeVersion=0&maxChangeVersion=999999&pageToken=" + q(token), null);
        api.expect(200, "GET", STUDENTS + "/partitions?number=2&lastSurname=Woods", null);
        api.expect(200, "GET", STUDENTS + "/deletes?limit=5&offset=0&totalCount=true&minChangeVersion=0", null);
        api.expect(200, "GET", STUDENTS + "/keyChanges?maxChangeVersion=99999", null);
    }

    @Test
    void aValueThatDoesNotFitItsFieldsTypeIsABadRequest() throws Exception {
        for (String value : List.of("word", "099-99-09")) {
            JsonNode problem = json(api.expect(400, "GET", STUDENTS + "?birthDate=" + value, null));
            assertEquals(Problem.DATA_VALIDATION_FAILED, problem.path("type").asText());
            assertEquals(List.of("The value '" + value + "' is not valid for birthDate."), texts(problem.at("/validationErrors/$.birthDate")),
                    problem.toString());
        }
        JsonNode number = json(api.expect(400, "GET", "/data/ed-fi/schools?schoolId=abc", null));
        assertEquals(List.of("The value 'abc' is not valid for schoolId."), texts(number.at("/validationErrors/$.schoolId")));
    }

    @Test
    void dateTimesForDatesAndBooleansInAnyCaseAreAccepted() throws Exception {
        api.expect(201, "POST", STUDENTS, EdFiBodies.student("Q3").replace("2010-01-13", "2009-03-04"));
        for (String date : List.of("2009-03-04", "2009-03-04T00:00:00", "2009-03-04T10:30:00Z", "3/4/2009")) {
            JsonNode page = json(api.expect(200, "GET", STUDENTS + "?birthDate=" + q(date), null));
            assertEquals(1, page.size(), date);
        }
        api.expect(201, "POST", "/data/ed-fi/schoolYearTypes",
                "{\"schoolYear\": 2031, \"currentSchoolYear\": true, \"schoolYearDescription\": \"2030-2031\"}");
        for (String bool : List.of("True", "TRUE", "true")) {
            assertEquals(1, json(api.expect(200, "GET", "/data/ed-fi/schoolYearTypes?currentSchoolYear=" + bool + "&schoolYear=2031", null)).size());
        }
    }

    @Test
    void pagingErrorsAreTheDmsParameterValidationProblem() throws Exception {
        assertParameterProblem("offset=-1", "Offset must be a numeric value greater than or equal to 0.");
        assertParameterProblem("limit=abc", "Limit must be omitted or set to a numeric value between 0 and 500.");
        assertParameterProblem("totalCount=maybe", "TotalCount must be a boolean value.");
        api.expect(200, "GET", STUDENTS + "?totalCount=True", null);
    }

    private static void assertParameterProblem(String query, String error) throws Exception {
        JsonNode problem = json(api.expect(400, "GET", STUDENTS + "?" + query, null));
        assertEquals(Problem.PARAMETER_VALIDATION_FAILED, problem.path("type").asText(), query);
        assertEquals("Parameters supplied to the request were invalid.", problem.path("detail").asText());
        assertEquals("Parameter Validation Failed", problem.path("title").asText());
        assertEquals(List.of(error), texts(problem.path("errors")));
        assertEquals(0, problem.path("validationErrors").size(), problem.toString());
    }

    // ---- 8. Correlation id -------------------------------------------------------------------

    @Test
    void theCorrelationIdComesBackOnEveryAnswerAndInEveryProblem() throws Exception {
        String id = TestApi.idOf(api.expect(201, "POST", STUDENTS, EdFiBodies.student("K1")));
        TestApi anonymous = TestApi.anonymous(node.port());
        List<HttpResponse<String>> answers = new ArrayList<>();
        String[] correlation = {"correlation-id", "corr-8"};
        answers.add(api.send("GET", STUDENTS, null, correlation));
        answers.add(api.send("GET", STUDENTS + "/" + id, null, correlation));
        answers.add(api.send("GET", STUDENTS + "/" + UUID.randomUUID(), null, correlation));
        answers.add(api.send("GET", STUDENTS + "?foo=1", null, correlation));
        answers.add(api.send("GET", STUDENTS + "?limit=-1", null, correlation));
        answers.add(api.send("GET", STUDENTS + "/not-an-id", null, correlation));
        answers.add(api.send("POST", STUDENTS, EdFiBodies.student("K2"), correlation));
        answers.add(api.send("POST", STUDENTS, "{}", correlation));
        answers.add(api.send("PUT", STUDENTS + "/" + id, withId(EdFiBodies.student("K1"), id), "correlation-id", "corr-8", "If-Match", "\"1\""));
        answers.add(api.send("PATCH", STUDENTS, "{}", correlation));
        answers.add(api.send("DELETE", STUDENTS + "/" + UUID.randomUUID(), null, correlation));
        answers.add(api.send("OPTIONS", STUDENTS, null, "correlation-id", "corr-8", "Origin", ORIGIN, "Access-Control-Request-Method", "GET"));
        answers.add(anonymous.send("GET", STUDENTS, null, correlation));
        answers.add(api.send("GET", "/data/ed-fi/nothingHere", null, correlation));
        for (HttpResponse<String> answer : answers) {
            String request = answer.request().method() + " " + answer.uri() + " (" + answer.statusCode() + ")";
            assertEquals("corr-8", answer.headers().firstValue("correlation-id").orElse(null), request);
            if (answer.statusCode() >= 400) {
                assertEquals("corr-8", json(answer).path("correlationId").asText(), request + ": " + answer.body());
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return MessageCodec.MAPPER.readTree(answer.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String q(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withId(String body, String id) {
        return body.replaceFirst("\\{", "{\"id\": \"" + id + "\", ");
    }
}
