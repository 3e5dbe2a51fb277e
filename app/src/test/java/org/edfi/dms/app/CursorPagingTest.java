package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.enrollment;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cursor paging and partitions on real Kafka and PostgreSQL, as the Ed-Fi DMS serves them: a walk
 * follows {@code Next-Page-Token} until a page comes without one and reads every document once in
 * creation order, whatever is written meanwhile; {@code /partitions} splits a collection into
 * segments that N workers read in parallel without overlap or gap; the query's filters and the
 * client's authorization apply to every page, and so does a change version window, which a walk
 * and the partitions read exactly as an offset page does; tokens are opaque and a tampered, foreign
 * or mismatched one (another resource, other filters, another window) is a 400, as is mixing cursor
 * and offset paging. An LEA with a school, another
 * with another, 240 students (the even ones enrolled in the first school, every fourth from the
 * second in the other) and 100 academic subject descriptors, written over HTTP.
 */
class CursorPagingTest {

    @TempDir
    static Path dir;

    private static final String DATA = "/data/ed-fi/";
    private static final String INVALID_TOKEN = "The page token provided was invalid.";

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "cursors", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(),
                TestClaims.withTestClaimSets(dir));
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
        post("localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
        post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        post("localEducationAgencies", lea(255901));
        post("localEducationAgencies", lea(255902));
        post("schools", school(255901001, 255901));
        post("schools", school(255902001, 255902));
        List<String> students = new ArrayList<>();
        List<String> enrollments = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            students.add(student("S%03d".formatted(i)));
            if (i % 2 == 0) {
                enrollments.add(enrollment("S%03d".formatted(i), 255901001));
            } else if (i % 4 == 1) {
                enrollments.add(enrollment("S%03d".formatted(i), 255902001));
            }
        }
        for (int i = 0; i < 100; i++) {
            subjects.add(descriptor("AcademicSubjectDescriptor", "Subject " + i));
        }
        postAll("students", students);
        postAll("studentSchoolAssociations", enrollments);
        postAll("academicSubjectDescriptors", subjects);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aWalkFromPageSizeAloneReadsTheCollectionOnceInCreationOrderAndEndsWithoutAToken() throws Exception {
        Walk walk = walk(developer, "students", "", 37);
        assertEquals(ids(developer, "students?limit=500"), walk.ids(), "the order of offset paging, every document once");
        assertEquals(240, walk.ids().size());
        assertEquals(7, walk.requests(), "six full pages and the last, which carries no token");

        Walk exact = walk(developer, "students", "", 40);
        assertEquals(240, exact.ids().size());
        assertEquals(6, exact.requests(), "a last full page carries no token when nothing follows");
    }

    @Test
    void anOrdinaryPageCarriesTheTokenThatContinuesAfterIt() throws Exception {
        HttpResponse<String> first = developer.expect(200, "GET", DATA + "students?limit=25&offset=50", null);
        String token = first.headers().firstValue("Next-Page-Token").orElseThrow();
        List<String> next = ids(developer.expect(200, "GET", DATA + "students?pageSize=25&pageToken=" + encode(token), null));
        assertEquals(ids(developer, "students?limit=25&offset=75"), next);
        assertFalse(developer.expect(200, "GET", DATA + "students?limit=500", null).headers().firstValue("Next-Page-Token").isPresent(),
                "the whole collection in one page: no next page");
        HttpResponse<String> none = developer.expect(200, "GET", DATA + "students?pageSize=0", null);
        assertEquals("[]", none.body());
        assertFalse(none.headers().firstValue("Next-Page-Token").isPresent(), "a page of none does not advance a walk");
    }

    @Test
    void queryFieldsApplyToEveryPageOfAWalk() throws Exception {
        List<String> expected = ids(developer, "studentSchoolAssociations?schoolId=255901001&limit=500");
        assertEquals(120, expected.size());
        assertEquals(expected, walk(developer, "studentSchoolAssociations", "&schoolId=255901001", 11).ids());
    }

    @Test
    void aWalkWhileAnotherClientInsertsAndDeletesSeesEveryDocumentThatStayedExactlyOnce() throws Exception {
        List<String> before = ids(developer, "academicSubjectDescriptors?limit=500");
        TestApi writer = new TestApi(node.port());
        Random random = new Random(19);
        Set<String> deleted = new HashSet<>();
        Set<String> inserted = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String query = "pageSize=10";
        int page = 0;
        while (true) {
            HttpResponse<String> answer = developer.expect(200, "GET", DATA + "academicSubjectDescriptors?" + query, null);
            seen.addAll(ids(answer));
            // between pages another client deletes a document (ahead of the walk or behind it) and adds one
            String victim = before.get(random.nextInt(before.size()));
            if (deleted.add(victim)) {
                writer.expect(204, "DELETE", DATA + "academicSubjectDescriptors/" + victim, null);
            }
            inserted.add(TestApi.idOf(writer.expect(201, "POST", DATA + "academicSubjectDescriptors",
                    descriptor("AcademicSubjectDescriptor", "Added during the walk " + page++))));
            var next = answer.headers().firstValue("Next-Page-Token");
            if (next.isEmpty()) {
                break;
            }
            query = "pageSize=10&pageToken=" + encode(next.get());
        }
        Map<String, Integer> times = new HashMap<>();
        seen.forEach(id -> times.merge(id, 1, Integer::sum));
        for (String id : before) {
            if (!deleted.contains(id)) {
                assertEquals(1, times.getOrDefault(id, 0), "a document that stayed is read exactly once: " + id);
            }
        }
        assertTrue(times.values().stream().allMatch(n -> n == 1), "no document twice");
        assertTrue(inserted.containsAll(seen.stream().filter(id -> !before.contains(id)).toList()), "nothing but what was there or added");
        assertFalse(deleted.isEmpty());
    }

    @Test
    void partitionsSplitTheCollectionSoParallelWalksReadItWithoutOverlapOrGap() throws Exception {
        List<String> all = ids(developer, "students?limit=500");
        for (int number : new int[] {1, 4, 7}) {
            List<String> tokens = partitions(developer, "students?number=" + number);
            assertEquals(number, tokens.size());
            List<Walk> walks = parallel(developer, "students", tokens, "", 13);
            List<String> union = new ArrayList<>();
            walks.forEach(w -> union.addAll(w.ids()));
            assertEquals(all, union, number + " partitions, walked in parallel, are the collection in order");
            assertTrue(walks.stream().allMatch(w -> w.ids().size() >= 240 / number - 1), "about equal: " + walks);
        }
        assertEquals(200, partitions(developer, "students?number=200").size(), "200 partitions of 240 documents");
        assertEquals(10, partitions(developer, "students").size(), "ten by default");
    }

    @Test
    void partitionsOfAHundredThousandDocumentsUnionToExactlyTheCollection() throws Exception {
        List<String> collection = fill("staffs", 100_000);
        List<Walk> walks = parallel(developer, "staffs", partitions(developer, "staffs?number=7"), "", 500);
        List<String> union = new ArrayList<>();
        walks.forEach(w -> union.addAll(w.ids()));
        assertEquals(collection.size(), union.size(), "no document twice, none missing");
        assertEquals(collection, union, "seven walks in parallel read the collection in creation order");
        assertTrue(walks.stream().allMatch(w -> Math.abs(w.ids().size() - 100_000 / 7) <= 1), "equal parts");
    }

    @Test
    void partitionsApplyTheQueryAndAreFewerWhenFewerDocumentsMatch() throws Exception {
        List<String> tokens = partitions(developer, "studentSchoolAssociations?number=3&schoolId=255902001");
        List<String> union = new ArrayList<>();
        parallel(developer, "studentSchoolAssociations", tokens, "&schoolId=255902001", 13).forEach(w -> union.addAll(w.ids()));
        assertEquals(ids(developer, "studentSchoolAssociations?schoolId=255902001&limit=500"), union);
        assertEquals(60, union.size());
        assertEquals(1, partitions(developer, "students?number=5&studentUniqueId=S007").size(), "one document, one partition");
        assertEquals(List.of(), partitions(developer, "students?number=5&studentUniqueId=nobody"), "nothing to read, no partition");
    }

    @Test
    void aWalkAndPartitionsWithAChangeVersionWindowReadWhatAnOffsetPageOfTheWindowReads() throws Exception {
        long start = newest() + 1;
        // every fifth student is updated (a new first name, a new change version), then every seventh from the fourth
        for (int i = 0; i < 240; i += 5) {
            developer.expect(200, "POST", DATA + "students", student("S%03d".formatted(i), "Changed"));
        }
        long end = newest();
        for (int i = 3; i < 240; i += 7) {
            developer.expect(200, "POST", DATA + "students", student("S%03d".formatted(i), "Changed again"));
        }
        String window = "&minChangeVersion=" + start + "&maxChangeVersion=" + end;
        List<String> inWindow = ids(developer, "students?limit=500" + window);
        assertEquals(41, inWindow.size(), "48 updated, less the 7 (10, 45, ...) whose later update moved them out of the window");
        assertEquals(inWindow, walk(developer, "students", window, 6).ids(), "a walk of the window is the offset page of the window");
        List<String> later = ids(developer, "students?limit=500&minChangeVersion=" + (end + 1));
        assertEquals(34, later.size());
        assertEquals(later, walk(developer, "students", "&minChangeVersion=" + (end + 1), 6).ids(), "a window with one bound");

        List<Walk> walks = parallel(developer, "students", partitions(developer, "students?number=4" + window), window, 13);
        assertEquals(4, walks.size());
        assertEquals(inWindow, walks.stream().flatMap(w -> w.ids().stream()).toList(), "the partitions divide the window");
        assertTrue(walks.stream().allMatch(w -> w.ids().size() >= 41 / 4 - 1), "about equal within the window: " + walks);
        HttpResponse<String> refused = developer.expect(400, "GET", DATA + "students/partitions?minChangeVersion=-1", null);
        assertEquals("urn:ed-fi:api:bad-request:parameter-validation-failed", MessageCodec.MAPPER.readTree(refused.body()).path("type").asText());
    }

    @Test
    void aTokenIsValidForTheChangeVersionWindowItWasIssuedForAlone() throws Exception {
        long end = newest();
        String window = "&minChangeVersion=1&maxChangeVersion=" + end;
        String token = encode(developer.expect(200, "GET", DATA + "students?pageSize=5" + window, null)
                .headers().firstValue("Next-Page-Token").orElseThrow());
        badRequest("students?pageToken=" + token, INVALID_TOKEN);
        badRequest("students?pageToken=" + token + "&minChangeVersion=1", INVALID_TOKEN);
        badRequest("students?pageToken=" + token + "&minChangeVersion=2&maxChangeVersion=" + end, INVALID_TOKEN);
        badRequest("students?pageToken=" + token + "&minChangeVersion=1&maxChangeVersion=" + (end + 1), INVALID_TOKEN);
        developer.expect(200, "GET", DATA + "students?pageToken=" + token + "&MaxChangeVersion=" + end + "&minchangeversion=01", null);

        String whole = encode(developer.expect(200, "GET", DATA + "students?pageSize=5", null).headers().firstValue("Next-Page-Token").orElseThrow());
        badRequest("students?pageToken=" + whole + window, INVALID_TOKEN);
        developer.expect(200, "GET", DATA + "students?pageToken=" + whole + "&minChangeVersion=&maxChangeVersion=", null); // empty: no bound

        String partition = encode(partitions(developer, "students?number=2" + window).getFirst());
        badRequest("students?pageToken=" + partition, INVALID_TOKEN);
        developer.expect(200, "GET", DATA + "students?pageToken=" + partition + window, null);
    }

    @Test
    void aRestrictedClientWalksAndPartitionsOnlyWhatItReaches() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        List<String> reachable = ids(district, "students?limit=500");
        assertEquals(120, reachable.size(), "the students enrolled in the LEA's school");
        assertEquals(reachable, walk(district, "students", "", 9).ids());
        List<String> union = new ArrayList<>();
        parallel(district, "students", partitions(district, "students?number=4"), "", 13).forEach(w -> union.addAll(w.ids()));
        assertEquals(reachable, union);

        // a token of a client that reaches everything gives no more: authorization applies to every page
        List<String> everyone = partitions(developer, "students?number=2");
        assertEquals(reachable, parallel(district, "students", everyone, "", 13).stream().flatMap(w -> w.ids().stream()).toList());
        TestApi nobody = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of()));
        assertEquals(List.of(), walk(nobody, "students", "", 50).ids());
        assertEquals(List.of(), partitions(nobody, "students?number=4"));
    }

    @Test
    void aTamperedOrForeignTokenIsABadRequestNeverAnotherResourcesDocuments() throws Exception {
        String token = developer.expect(200, "GET", DATA + "students?pageSize=5", null).headers().firstValue("Next-Page-Token").orElseThrow();
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, 10) + flipped + token.substring(11);
        badRequest("students?pageToken=" + encode(tampered), INVALID_TOKEN);
        badRequest("students?pageToken=not-a-token", INVALID_TOKEN);
        badRequest("students?pageToken=", INVALID_TOKEN);
        badRequest("schools?pageToken=" + encode(token), INVALID_TOKEN);
        badRequest("academicSubjectDescriptors?pageToken=" + encode(token), INVALID_TOKEN);
        badRequest("students?studentUniqueId=S001&pageToken=" + encode(token), INVALID_TOKEN);

        String filtered = partitions(developer, "studentSchoolAssociations?number=2&schoolId=255901001").getFirst();
        badRequest("studentSchoolAssociations?schoolId=255902001&pageToken=" + encode(filtered), INVALID_TOKEN);
        badRequest("studentSchoolAssociations?pageToken=" + encode(filtered), INVALID_TOKEN);
        developer.expect(200, "GET", DATA + "studentSchoolAssociations?schoolId=255901001&pageToken=" + encode(filtered), null);
    }

    @Test
    void mixingCursorAndOffsetPagingOrPagingOutOfBoundsIsABadRequestInTheDmsWords() throws Exception {
        String token = encode(developer.expect(200, "GET", DATA + "students?pageSize=5", null).headers().firstValue("Next-Page-Token").orElseThrow());
        badRequest("students?pageToken=" + token + "&offset=5",
                "Both offset and pageToken parameters were provided, but they support alternative paging approaches and cannot be used together.");
        badRequest("students?pageToken=" + token + "&limit=5", "Use pageSize instead of limit when using cursor paging with pageToken.");
        badRequest("students?pageToken=" + token + "&totalCount=true",
                "The totalCount parameter cannot be set to true when using cursor paging with pageToken.");
        badRequest("students?pageSize=5&offset=5", "Use limit instead of pageSize when using limit/offset paging.");
        badRequest("students?pageSize=5&limit=5", "Use pageSize instead of limit when using cursor paging.");
        badRequest("students?pageSize=5&totalCount=true", "The totalCount parameter cannot be set to true when using cursor paging.");
        for (String size : List.of("501", "-1", "ten", "")) {
            badRequest("students?pageToken=" + token + "&pageSize=" + size, "PageSize must be a value between 0 and 500.");
        }
        badRequest("students?pageSize=5&totalCount=maybe", "TotalCount must be a boolean value.");
        developer.expect(200, "GET", DATA + "students?pageToken=" + token + "&totalCount=false", null);

        for (String number : List.of("0", "201", "x", "")) {
            badRequest("students/partitions?number=" + number, "Number of partitions must be between 1 and 200.");
        }
        HttpResponse<String> answer = developer.expect(400, "GET", DATA + "students/partitions?pageSize=5&limit=5", null);
        assertEquals(List.of("The 'pageSize' parameter is not supported by the partitions endpoint.",
                "The 'limit' parameter is not supported by the partitions endpoint."), errors(answer));
        developer.expect(404, "GET", DATA + "spaceships/partitions", null);

        // deletes and key changes are in change version order, which a position in creation order cannot continue
        HttpResponse<String> deletes = developer.expect(400, "GET", DATA + "students/deletes?pageToken=" + token + "&pageSize=5", null);
        assertEquals(List.of("The query field 'pageToken' is not valid for this Change Query endpoint.",
                "The query field 'pageSize' is not valid for this Change Query endpoint."), errors(deletes, "urn:ed-fi:api:bad-request"));
        assertEquals(List.of("The query field 'pageSize' is not valid for this Change Query endpoint."),
                errors(developer.expect(400, "GET", DATA + "students/keyChanges?pageSize=5", null), "urn:ed-fi:api:bad-request"));
    }

    @Test
    void theOpenApiDocumentsListCursorPagingAndPartitions() throws Exception {
        JsonNode resources = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/metadata/specifications/resources-spec.json", null).body());
        List<String> parameters = new ArrayList<>();
        resources.at("/paths/~1ed-fi~1students/get/parameters").forEach(p -> parameters.add(p.path("name").asText()));
        assertTrue(parameters.containsAll(List.of("limit", "offset", "totalCount", "pageToken", "pageSize")), parameters.toString());
        assertEquals("string", resources.at("/paths/~1ed-fi~1students/get/responses/200/headers/Next-Page-Token/schema/type").asText());
        assertEquals(200, resources.at("/paths/~1ed-fi~1students~1partitions/get/parameters/0/schema/maximum").asInt());
        JsonNode descriptors = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/metadata/specifications/descriptors-spec.json", null).body());
        assertTrue(descriptors.at("/paths").has("/ed-fi/academicSubjectDescriptors/partitions"));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** What a walk read, and how many requests it took. */
    private record Walk(List<String> ids, int requests) {}

    /** A walk of pages of {@code size} from the first document: {@code pageSize} alone, then each page's Next-Page-Token. */
    private static Walk walk(TestApi client, String resource, String filters, int size) throws Exception {
        return walkFrom(client, resource, "pageSize=" + size + filters, filters, size);
    }

    /** Follows Next-Page-Token from the first request until a page comes without one. */
    private static Walk walkFrom(TestApi client, String resource, String firstQuery, String filters, int size) throws Exception {
        List<String> ids = new ArrayList<>();
        String query = firstQuery;
        int requests = 0;
        while (true) {
            HttpResponse<String> page = client.expect(200, "GET", DATA + resource + "?" + query, null);
            requests++;
            ids.addAll(ids(page));
            var next = page.headers().firstValue("Next-Page-Token");
            if (next.isEmpty()) {
                return new Walk(ids, requests);
            }
            assertTrue(requests < 1000, "a walk ends");
            query = "pageSize=" + size + "&pageToken=" + encode(next.get()) + filters;
        }
    }

    /** Walks each token in a worker of its own; the walks in the order of the tokens. */
    private static List<Walk> parallel(TestApi client, String resource, List<String> tokens, String filters, int size) throws Exception {
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Walk>> walks = new ArrayList<>();
            for (String token : tokens) {
                walks.add(workers.submit(() -> walkFrom(client, resource, "pageSize=" + size + "&pageToken=" + encode(token) + filters, filters, size)));
            }
            List<Walk> done = new ArrayList<>();
            for (Future<Walk> walk : walks) {
                done.add(walk.get());
            }
            return done;
        }
    }

    private static List<String> partitions(TestApi client, String query) throws Exception {
        int question = query.indexOf('?');
        String path = question < 0 ? query + "/partitions" : query.substring(0, question) + "/partitions" + query.substring(question);
        JsonNode answer = MessageCodec.MAPPER.readTree(client.expect(200, "GET", DATA + path, null).body());
        List<String> tokens = new ArrayList<>();
        answer.path("pageTokens").forEach(t -> tokens.add(t.asText()));
        return tokens;
    }

    /**
     * Writes {@code count} documents of a resource no other test reads through the store-sink's own
     * writer, straight into the instance's store (a hundred thousand through the API would take
     * minutes), at change version 1 so that no window of another test moves; answers their ids in
     * creation order.
     */
    private static List<String> fill(String resource, int count) throws Exception {
        try (HikariDataSource pool = Databases.pool(node.storeJdbcUrl(), "test-fill", 2)) {
            DocumentWriter writer = new DocumentWriter(Databases.jdbi(pool), RelationshipSecurity.of(TestApi.dataStandard()));
            List<DocumentEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("staffUniqueId", "F" + i).put("firstName", "Ann").put("lastSurname", "Lee");
                batch.add(new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", resource, "Staff", UUID.randomUUID(), Map.of("$.staffUniqueId", "F" + i),
                        body, Long.toString(i), Instant.now(), 1L, false, null));
                if (batch.size() == 1_000 || i == count - 1) {
                    writer.apply("test.fill", 0, batch, i + 1L); // a topic of its own: the node's sink positions stay as they are
                    batch.clear();
                }
            }
            try (Connection db = pool.getConnection();
                    PreparedStatement ids = db.prepareStatement("SELECT document_id FROM document WHERE project = 'ed-fi' AND resource = ? ORDER BY document_seq")) {
                ids.setString(1, resource);
                List<String> all = new ArrayList<>();
                try (ResultSet rs = ids.executeQuery()) {
                    while (rs.next()) {
                        all.add(rs.getString(1));
                    }
                }
                return all;
            }
        }
    }

    /** The newest change version the instance has applied ({@code availableChangeVersions}). */
    private static long newest() throws Exception {
        return MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/changeQueries/v1/availableChangeVersions", null).body())
                .path("newestChangeVersion").asLong();
    }

    private static List<String> ids(TestApi client, String query) throws Exception {
        return ids(client.expect(200, "GET", DATA + query, null));
    }

    private static List<String> ids(HttpResponse<String> page) throws Exception {
        List<String> ids = new ArrayList<>();
        MessageCodec.MAPPER.readTree(page.body()).forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }

    /** A paging refusal: the DMS's parameter validation problem. */
    private static void badRequest(String query, String error) throws Exception {
        HttpResponse<String> answer = developer.expect(400, "GET", DATA + query, null);
        assertEquals(List.of(error), errors(answer, "urn:ed-fi:api:bad-request:parameter-validation-failed"), query);
        assertFalse(answer.headers().firstValue("Next-Page-Token").isPresent());
    }

    private static List<String> errors(HttpResponse<String> answer) throws Exception {
        return errors(answer, "urn:ed-fi:api:bad-request:parameter-validation-failed");
    }

    private static List<String> errors(HttpResponse<String> answer, String type) throws Exception {
        JsonNode problem = MessageCodec.MAPPER.readTree(answer.body());
        assertEquals(type, problem.path("type").asText(), answer.body());
        List<String> errors = new ArrayList<>();
        problem.path("errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String post(String resource, String body) throws Exception {
        return TestApi.idOf(developer.expect(201, "POST", DATA + resource, body));
    }

    /** Writes the bodies eight at a time. */
    private static void postAll(String resource, List<String> bodies) throws Exception {
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<String>> posted = new ArrayList<>();
            for (String body : bodies) {
                posted.add(writers.submit(() -> post(resource, body)));
            }
            for (Future<String> each : posted) {
                each.get();
            }
        }
    }
}
