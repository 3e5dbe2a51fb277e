package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.descriptor;
import static org.edfi.dms.app.EdFiBodies.enrollment;
import static org.edfi.dms.app.EdFiBodies.lea;
import static org.edfi.dms.app.EdFiBodies.school;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.sink.SnapshotHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consistent snapshots on real Kafka and PostgreSQL (docs/paging.md#snapshots): a client sending
 * {@code Use-Snapshot: true} reads the instance as of one change version, named in the answer's
 * {@code Snapshot-Change-Version}, for the whole walk while writers keep updating, deleting and
 * creating: every document that existed at it exactly once, with its body as of it; the same
 * snapshot by offset pages, by id, by partitions, with query fields and under a client's
 * relationships; a snapshot older than the retention answers 410. An LEA with a school and 60
 * students (the even ones enrolled), over HTTP; the sink keeps replaced versions for 15 seconds.
 */
class SnapshotTest {

    @TempDir
    static Path dir;

    private static final String DATA = "/data/ed-fi/";
    private static final String USE = "Use-Snapshot";
    private static final String NAMED = "Snapshot-Change-Version";
    private static final Duration RETENTION = Duration.ofSeconds(15);

    private static SecuredNode node;
    private static TestApi developer;
    private static VendorClients vendor;
    private static final AtomicInteger created = new AtomicInteger();
    private static final AtomicInteger rounds = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start(dir, "snapshots", TestApi.dataStandard(), Node.Security.DEFAULT.rateLimit(), TestClaims.withTestClaimSets(dir),
                Node.all(), new SnapshotHistory(RETENTION));
        developer = new TestApi(node.port());
        vendor = new VendorClients(developer, "Vendor", List.of("uri://ed-fi.org"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        post("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "Local Education Agency"));
        post("localEducationAgencyCategoryDescriptors", descriptor("LocalEducationAgencyCategoryDescriptor", "Independent"));
        post("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", "Ninth grade"));
        post("localEducationAgencies", lea(255901));
        post("schools", school(255901001, 255901));
        for (int i = 0; i < 60; i++) {
            post("students", student("S%03d".formatted(i)));
            if (i % 2 == 0) {
                post("studentSchoolAssociations", enrollment("S%03d".formatted(i), 255901001));
            }
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aSnapshotWalkUnderConcurrentWritesReadsEveryDocumentAsOfItsSnapshotOnce() throws Exception {
        List<JsonNode> before = documents(developer.expect(200, "GET", DATA + "students?limit=500", null));
        HttpResponse<String> first = get(developer, "students?pageSize=7", USE, "true");
        String snapshot = first.headers().firstValue(NAMED).orElseThrow();
        List<JsonNode> walked = new ArrayList<>(documents(first));

        // Between the first page and the rest: every student changes, the unenrolled half of the first ten go, new ones come.
        List<String> deleted = changeEverything(before);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<Integer> writes = writer.submit(() -> {
                int n = 0;
                while (writing.get()) {
                    JsonNode target = before.get(n % before.size());
                    String uniqueId = target.path("studentUniqueId").asText();
                    developer.send("POST", DATA + "students", student(uniqueId, "Writer " + n));
                    if (n % 5 == 0) {
                        developer.expect(201, "POST", DATA + "students", student("N%05d".formatted(created.incrementAndGet())));
                    }
                    n++;
                }
                return n;
            });
            String token = first.headers().firstValue("Next-Page-Token").orElseThrow();
            while (token != null) {
                HttpResponse<String> page = get(developer, "students?pageSize=7&pageToken=" + encode(token));
                assertEquals(snapshot, page.headers().firstValue(NAMED).orElseThrow(), "every page names the walk's snapshot");
                walked.addAll(documents(page));
                token = page.headers().firstValue("Next-Page-Token").orElse(null);
            }
            writing.set(false);
            assertTrue(writes.get() > 0, "writers kept writing during the walk");
        }

        assertEquals(before, walked, "every document as it was at the snapshot, once, in creation order");
        List<JsonNode> now = documents(developer.expect(200, "GET", DATA + "students?limit=500", null));
        assertNotEquals(before.size(), now.size(), "the live collection moved on");
        assertTrue(now.stream().noneMatch(d -> deleted.contains(d.path("id").asText())));
        Map<String, String> names = before.stream().collect(Collectors.toMap(d -> d.path("id").asText(), d -> d.path("firstName").asText()));
        assertTrue(now.stream().filter(d -> names.containsKey(d.path("id").asText()))
                .noneMatch(d -> d.path("firstName").asText().equals(names.get(d.path("id").asText()))), "every live student was updated");
    }

    @Test
    void theSameSnapshotReadsAlikeByOffsetByIdByPartitionsByQueryFieldAndUnderRelationships() throws Exception {
        TestApi district = new TestApi(node.port(), vendor.client(TestClaims.RELATIONSHIPS, List.of(255901L)));
        List<JsonNode> before = documents(developer.expect(200, "GET", DATA + "students?limit=500", null));
        List<JsonNode> reachable = documents(district.expect(200, "GET", DATA + "students?limit=500", null));
        HttpResponse<String> pinned = get(developer, "students?limit=0", USE, "true");
        String snapshot = pinned.headers().firstValue(NAMED).orElseThrow();
        List<String> deleted = changeEverything(before);

        assertEquals(before, documents(get(developer, "students?limit=500", USE, "true", NAMED, snapshot)), "offset pages of a named snapshot");
        List<JsonNode> byOffset = new ArrayList<>();
        for (int offset = 0; offset < before.size(); offset += 9) {
            byOffset.addAll(documents(get(developer, "students?limit=9&offset=" + offset, USE, "true", NAMED, snapshot)));
        }
        assertEquals(before, byOffset, "offset pages of a snapshot neither skip nor repeat");
        assertEquals(reachable, walk(district, "students?pageSize=6", USE, "true", NAMED, snapshot), "the client's reach as of the snapshot");

        String gone = deleted.getFirst();
        JsonNode was = before.stream().filter(d -> d.path("id").asText().equals(gone)).findFirst().orElseThrow();
        HttpResponse<String> byId = get(developer, "students/" + gone, USE, "true", NAMED, snapshot);
        assertEquals(was, MessageCodec.MAPPER.readTree(byId.body()), "a document deleted since, as it was");
        assertEquals(snapshot, byId.headers().firstValue(NAMED).orElseThrow());
        assertEquals("\"" + was.path("_etag").asText() + "\"", byId.headers().firstValue("ETag").orElseThrow());
        developer.expect(404, "GET", DATA + "students/" + gone, null);
        String kept = before.get(1).path("id").asText();
        assertEquals(before.get(1), MessageCodec.MAPPER.readTree(get(developer, "students/" + kept, USE, "true", NAMED, snapshot).body()));

        String firstName = "firstName=" + URLEncoder.encode(before.get(1).path("firstName").asText(), StandardCharsets.UTF_8);
        assertEquals(List.of(before.get(1)), documents(get(developer, "students?" + firstName, USE, "true", NAMED, snapshot)),
                "query fields match the bodies as of the snapshot");
        assertEquals("[]", developer.expect(200, "GET", DATA + "students?" + firstName, null).body());

        List<String> deletedSince = new ArrayList<>();
        documents(developer.expect(200, "GET", DATA + "students/deletes?limit=500", null)).forEach(d -> deletedSince.add(d.path("id").asText()));
        assertTrue(deletedSince.containsAll(deleted));
        HttpResponse<String> deletesAsOf = get(developer, "students/deletes?limit=500", USE, "true", NAMED, snapshot);
        assertEquals(snapshot, deletesAsOf.headers().firstValue(NAMED).orElseThrow());
        assertTrue(documents(deletesAsOf).stream().noneMatch(d -> deleted.contains(d.path("id").asText())),
                "the deletes of a snapshot are those up to its change version");

        HttpResponse<String> partitions = get(developer, "students/partitions?number=3", USE, "true", NAMED, snapshot);
        assertEquals(snapshot, partitions.headers().firstValue(NAMED).orElseThrow());
        List<JsonNode> union = new ArrayList<>();
        for (JsonNode token : MessageCodec.MAPPER.readTree(partitions.body()).path("pageTokens")) {
            union.addAll(walk(developer, "students?pageSize=4&pageToken=" + encode(token.asText())));
        }
        assertEquals(before, union, "the partitions of a snapshot tile it");
    }

    @Test
    void aSnapshotIsNamedByItsChangeVersionAndHeadersThatContradictAWalkAreRefused() throws Exception {
        long newest = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/changeQueries/v1/availableChangeVersions", null).body())
                .path("newestChangeVersion").asLong();
        HttpResponse<String> first = get(developer, "students?pageSize=3", USE, "TRUE");
        assertEquals(Long.toString(newest), first.headers().firstValue(NAMED).orElseThrow(), "the newest readable change version");
        String token = encode(first.headers().firstValue("Next-Page-Token").orElseThrow());
        assertEquals(55, first.headers().firstValue("Next-Page-Token").orElseThrow().length(), "a snapshot walk's token is longer by its snapshot");
        HttpResponse<String> live = developer.expect(200, "GET", DATA + "students?pageSize=3", null);
        assertFalse(live.headers().firstValue(NAMED).isPresent(), "a live read names no snapshot");
        String liveToken = encode(live.headers().firstValue("Next-Page-Token").orElseThrow());

        refused(400, "urn:ed-fi:api:bad-request", "Use-Snapshot must be true or false.", "students", USE, "yes");
        refused(400, "urn:ed-fi:api:bad-request", "Snapshot-Change-Version must be a numeric value greater than or equal to 0.", "students",
                USE, "true", NAMED, "-1");
        refused(400, "urn:ed-fi:api:bad-request", "Snapshot-Change-Version must be a numeric value greater than or equal to 0.", "students/"
                + documents(live).getFirst().path("id").asText(), USE, "true", NAMED, "x");
        refused(400, "urn:ed-fi:api:bad-request", "Snapshot-Change-Version is read only with Use-Snapshot: true.", "students", NAMED, "1");
        String invalid = "The page token provided was invalid.";
        refused(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", invalid, "students?pageSize=3&pageToken=" + token, USE, "false");
        refused(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", invalid, "students?pageSize=3&pageToken=" + token, USE, "true", NAMED, Long.toString(newest - 1));
        refused(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", invalid, "students?pageSize=3&pageToken=" + liveToken, USE, "true");
        get(developer, "students?pageSize=3&pageToken=" + token, USE, "true", NAMED, Long.toString(newest)); // the same snapshot, named
        refused(410, "urn:ed-fi:api:snapshot-gone", "Snapshot " + (newest + 1000) + " is newer than the newest change version, " + newest + ".",
                "students", USE, "true", NAMED, Long.toString(newest + 1000));
    }

    @Test
    void aSnapshotOlderThanTheRetentionAnswers410AndANewOneReadsOn() throws Exception {
        HttpResponse<String> first = get(developer, "students?pageSize=5", USE, "true");
        String snapshot = first.headers().firstValue(NAMED).orElseThrow();
        String token = encode(first.headers().firstValue("Next-Page-Token").orElseThrow());
        developer.expect(200, "POST", DATA + "students", student(documents(first).getFirst().path("studentUniqueId").asText(), "After the snapshot"));
        // The version that change replaced is kept for the retention, then pruned (within a tenth of it).
        Thread.sleep(RETENTION.plus(RETENTION.dividedBy(10)).plusSeconds(3).toMillis());

        JsonNode problem = refused(410, "urn:ed-fi:api:snapshot-gone", null, "students?pageSize=5&pageToken=" + token);
        assertTrue(problem.path("errors").get(0).asText().startsWith("Snapshot " + snapshot + " is older than the oldest available"), problem.toString());
        refused(410, "urn:ed-fi:api:snapshot-gone", null, "students/" + documents(first).getFirst().path("id").asText(), USE, "true", NAMED, snapshot);
        HttpResponse<String> fresh = get(developer, "students?pageSize=5", USE, "true");
        assertNotEquals(snapshot, fresh.headers().firstValue(NAMED).orElseThrow(), "a new snapshot at the newest version reads on");
    }

    @Test
    void theOpenApiDocumentsListTheSnapshotHeadersAndTheirAnswers() throws Exception {
        JsonNode resources = MessageCodec.MAPPER.readTree(developer.expect(200, "GET", "/metadata/specifications/resources-spec.json", null).body());
        for (String operation : List.of("/paths/~1ed-fi~1students/get", "/paths/~1ed-fi~1students~1partitions/get", "/paths/~1ed-fi~1students~1{id}/get",
                "/paths/~1ed-fi~1students~1deletes/get", "/paths/~1ed-fi~1students~1keyChanges/get")) {
            List<String> headers = new ArrayList<>();
            resources.at(operation + "/parameters").forEach(p -> {
                if (p.path("in").asText().equals("header")) {
                    headers.add(p.path("name").asText());
                }
            });
            assertEquals(List.of(USE, NAMED), headers, operation);
            assertEquals("integer", resources.at(operation + "/responses/200/headers/" + NAMED + "/schema/type").asText(), operation);
            assertEquals("#/components/schemas/Problem",
                    resources.at(operation + "/responses/410/content/application~1problem+json/schema/$ref").asText(), operation);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * Updates every student of {@code before} (a new first name), deletes the unenrolled ones among
     * the first ten and creates five more; the ids deleted.
     */
    private static List<String> changeEverything(List<JsonNode> before) throws Exception {
        List<String> deleted = new ArrayList<>();
        int round = rounds.incrementAndGet();
        for (JsonNode document : before) {
            String uniqueId = document.path("studentUniqueId").asText();
            developer.expect(200, "POST", DATA + "students", student(uniqueId, "Changed " + round + " " + uniqueId));
        }
        for (JsonNode document : before.subList(0, 10)) {
            String uniqueId = document.path("studentUniqueId").asText();
            if (uniqueId.startsWith("S") && Integer.parseInt(uniqueId.substring(1)) % 2 == 1) {
                String id = document.path("id").asText();
                developer.expect(204, "DELETE", DATA + "students/" + id, null);
                deleted.add(id);
            }
        }
        for (int i = 0; i < 5; i++) {
            developer.expect(201, "POST", DATA + "students", student("N%05d".formatted(created.incrementAndGet())));
        }
        assertFalse(deleted.isEmpty());
        return deleted;
    }

    /** A GET of {@code query} under {@link #DATA} with header name/value pairs, answered 200. */
    private static HttpResponse<String> get(TestApi client, String query, String... headers) throws Exception {
        HttpResponse<String> answer = client.send("GET", DATA + query, null, headers);
        assertEquals(200, answer.statusCode(), query + ": " + answer.body());
        return answer;
    }

    /** Follows Next-Page-Token from {@code first} (sending the headers on every page) to the end; the documents read. */
    private static List<JsonNode> walk(TestApi client, String first, String... headers) throws Exception {
        List<JsonNode> read = new ArrayList<>();
        String query = first;
        String size = first.replaceAll(".*pageSize=(\\d+).*", "$1");
        for (int requests = 0; query != null; requests++) {
            assertTrue(requests < 1000, "a walk ends");
            HttpResponse<String> page = get(client, query, headers);
            read.addAll(documents(page));
            String resource = first.substring(0, first.indexOf('?'));
            query = page.headers().firstValue("Next-Page-Token").map(t -> resource + "?pageSize=" + size + "&pageToken=" + encode(t)).orElse(null);
        }
        return read;
    }

    /** A GET answered with {@code status} and a problem of {@code type} (and the one error {@code error}, when given); the problem. */
    private static JsonNode refused(int status, String type, String error, String query, String... headers) throws Exception {
        HttpResponse<String> answer = developer.send("GET", DATA + query, null, headers);
        assertEquals(status, answer.statusCode(), query + ": " + answer.body());
        JsonNode problem = MessageCodec.MAPPER.readTree(answer.body());
        assertEquals(type, problem.path("type").asText(), answer.body());
        if (error != null) {
            assertEquals(error, problem.path("errors").get(0).asText(), answer.body());
        }
        return problem;
    }

    private static List<JsonNode> documents(HttpResponse<String> page) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        MessageCodec.MAPPER.readTree(page.body()).forEach(documents::add);
        return documents;
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String post(String resource, String body) throws Exception {
        return TestApi.idOf(developer.expect(201, "POST", DATA + resource, body));
    }
}
