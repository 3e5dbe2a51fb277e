package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.runtime.ApiServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.security.ConfiguredClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input never gets a 500 and never changes stored data. One node (embedded Kafka and
 * PostgreSQL, every role) answers, with a valid token throughout:
 * <ol>
 *   <li>a fixed list of hostile requests (oversized and deeply nested bodies, malformed JSON and
 *       UTF-8, huge numbers, odd paths and queries, SQL injection attempts, bad paging, If-Match and
 *       Content-Type), each pinned to the status and problem type it gets;
 *   <li>a few thousand seeded random mutations of valid requests on three resources, each of which
 *       must be answered below 500, every 4xx with a well-formed problem+json body.
 * </ol>
 * Before and after, the resources' Total-Count and the instance's rows in PostgreSQL are compared:
 * refused requests change nothing; the fuzz moves them exactly by what it created and deleted.
 * Requests go over a raw socket, so that a body, path or query can hold any bytes at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningTest {

    @TempDir
    static Path dir;

    private static SecuredNode node;
    private static TestApi developer;
    private static ApiSchema schema;
    private static String bearer;
    /** A token of a SISVendor client, which may not use the admin API: odd paths must not lead it there. */
    private static String sisBearer;

    /** Override with -Dhardening.seed=N to replay another run. */
    private static final long SEED = Long.getLong("hardening.seed", 20_261_121L);
    private static final int FUZZ_REQUESTS = Integer.getInteger("hardening.requests", 3000);

    private static final String DATA = "/data/ed-fi/";
    private static final List<String> FUZZED = List.of("gradeLevelDescriptors", "students", "schools");
    /** Every resource the tests write to, whose totals are compared. */
    private static final List<String> TOUCHED = List.of("gradeLevelDescriptors", "students", "schools",
            "educationOrganizationCategoryDescriptors");

    private static final String BAD_REQUEST = "urn:ed-fi:api:bad-request";
    private static final String VALIDATION = "urn:ed-fi:api:bad-request:data-validation-failed";
    private static final String NOT_FOUND = "urn:ed-fi:api:not-found";
    private static final String METHOD_NOT_ALLOWED = "urn:ed-fi:api:method-not-allowed";
    private static final String LOCK_FAILED = "urn:ed-fi:api:optimistic-lock-failed";
    private static final String PARAMETERS = "urn:ed-fi:api:bad-request:parameter-validation-failed";
    private static final String TOO_LARGE = "urn:ed-fi:api:payload-too-large";
    private static final String MEDIA_TYPE = "urn:ed-fi:api:unsupported-media-type";
    private static final String ACCESS_DENIED_ADMIN = Problem.ACCESS_DENIED + ":admin";

    /** Seeded documents by resource: [id, body] pairs; the fuzz adds what it creates. */
    private static final Map<String, List<String[]>> documents = new LinkedHashMap<>();
    private static Snapshot beforeHostile;

    @BeforeAll
    static void start() throws Exception {
        long started = System.nanoTime();
        schema = TestApi.dataStandard();
        node = SecuredNode.start(dir, "hardening", schema, Node.Security.DEFAULT.rateLimit());
        developer = new TestApi(node.port());
        bearer = "Bearer " + developer.token();
        developer.expect(201, "POST", "/admin/vendors", "{\"name\": \"Vendor\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}");
        developer.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Vendor\", \"name\": \"SIS\", \"claimSet\": \"SISVendor\"}");
        JsonNode sis = MessageCodec.MAPPER.readTree(developer.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Vendor\", \"application\": \"SIS\", \"instances\": [\"default/default\"]}").body());
        sisBearer = "Bearer " + new TestApi(node.port(), new ConfiguredClients.Credentials(sis.path("clientId").asText(),
                sis.path("clientSecret").asText())).token();

        seed("educationOrganizationCategoryDescriptors", descriptor("EducationOrganizationCategoryDescriptor", "School"));
        for (String grade : List.of("Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade")) {
            seed("gradeLevelDescriptors", descriptor("GradeLevelDescriptor", grade));
        }
        for (int i = 1; i <= 4; i++) {
            seed("students", student("S" + i, "Lisa"));
            seed("schools", school(255901000 + i, "Ninth grade"));
        }
        beforeHostile = Snapshot.take();
        System.out.printf("HardeningTest: node ready and seeded in %d ms; fuzz seed %d%n", (System.nanoTime() - started) / 1_000_000, SEED);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    // ---- the fixed list ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    @Order(1)
    void aHostileRequestIsAnsweredWithItsProblemAndNeverA500(Hostile hostile) throws Exception {
        Response answer = hostile.send();
        String problem = problemFailure(hostile.method, answer);
        System.out.printf("HOSTILE | %-70s | %d | %s%n", hostile.name, answer.status, answer.problemType());
        assertEquals(null, problem, hostile.name + ": " + answer);
        assertEquals(hostile.status, answer.status, hostile.name + ": " + answer);
        if (hostile.type != null) {
            assertEquals(hostile.type, answer.problemType(), hostile.name + ": " + answer);
        }
        if (hostile.emptyPage) {
            assertEquals("[]", answer.text().strip(), hostile.name + " matches nothing");
        }
    }

    @Test
    @Order(2)
    void theHostileRequestsChangedNoStoredData() throws Exception {
        Snapshot after = Snapshot.take();
        assertEquals(beforeHostile, after, "refused requests change nothing");
        try (Connection db = DriverManager.getConnection(node.postgres.jdbcUrl("dms_default_default"));
                Statement statement = db.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dms' AND table_name = 'document'")) {
            assertTrue(tables.next() && tables.getInt(1) == 1, "the document table is still there");
        }
    }

    static Stream<Hostile> hostileRequests() {
        String student = documents.get("students").get(0)[0];
        String studentBody = withId(documents.get("students").get(0)[1], student);
        String grades = DATA + "gradeLevelDescriptors";
        String students = DATA + "students";
        String schools = DATA + "schools";
        String valid = descriptor("GradeLevelDescriptor", "Hostile grade");
        int max = (int) ApiServer.MAX_BODY_BYTES;
        String deepArrays = "{\"namespace\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String deepObjects = "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000);
        String digits400 = "9".repeat(400);
        String digits5000 = "9".repeat(5000);
        String longPath = "/data/ed-fi/" + "a".repeat(10_000);
        return Stream.of(
                // ---- sizes
                post("a body of exactly the limit (read, then refused by the schema)", grades, oversized(max)).expect(400, VALIDATION),
                post("a body one byte over the limit", grades, oversized(max + 1)).expect(413, TOO_LARGE),
                post("a body of twice the limit", grades, oversized(2 * max)).expect(413, TOO_LARGE),
                post("a chunked body over the limit", grades, oversized(max + 1)).chunked().expect(413, TOO_LARGE),
                put("a PUT body over the limit", students + "/" + student, oversized(max + 1)).expect(413, TOO_LARGE),
                post("an admin body over the limit", "/admin/vendors", oversized(max + 1)).expect(413, TOO_LARGE),
                post("a Content-Length of 2^63-1", grades, "{}").header("Content-Length", "9223372036854775807").rawBody().expect(413, TOO_LARGE),
                post("a negative Content-Length", grades, "{}").header("Content-Length", "-1").rawBody().expect(400, BAD_REQUEST),
                post("a non-numeric Content-Length", grades, "{}").header("Content-Length", "ten").rawBody().expect(400, BAD_REQUEST),
                post("both Content-Length and chunked (smuggling)", grades, valid).chunked().header("Content-Length", "5").expect(400, BAD_REQUEST),
                get("a header of 40 KB", students).header("X-Padding", "a".repeat(40_000)).expect(400, BAD_REQUEST),
                // ---- nesting
                post("arrays nested 10,000 deep", grades, deepArrays).expect(400, VALIDATION),
                post("objects nested 10,000 deep", students, deepObjects).expect(400, VALIDATION),
                put("a PUT nested 10,000 deep", students + "/" + student, deepObjects).expect(400, VALIDATION),
                post("an admin body nested 10,000 deep", "/admin/vendors", deepObjects).expect(400, BAD_REQUEST),
                // ---- malformed JSON
                post("a truncated object", grades, valid.substring(0, valid.length() / 2)).expect(400, VALIDATION),
                post("not JSON at all", grades, "hello, world").expect(400, VALIDATION),
                post("an object and trailing garbage", grades, valid + "}}").expect(400, VALIDATION),
                post("single-quoted JSON", grades, valid.replace('"', '\'')).expect(400, VALIDATION),
                post("a trailing comma", grades, valid.replace("}", ",}")).expect(400, VALIDATION),
                post("NaN as a value", schools, "{\"schoolId\": NaN}").expect(400, VALIDATION),
                post("a comment in JSON", grades, "/* hi */" + valid).expect(400, VALIDATION),
                post("an unterminated string", grades, "{\"namespace\": \"uri://ed-fi.org").expect(400, VALIDATION),
                post("an empty body", grades, "").expect(400, BAD_REQUEST),
                post("a body of spaces", grades, "   \r\n ").expect(400, BAD_REQUEST),
                post("a NUL byte between tokens", grades, valid.replace(", ", ",\u0000 ")).expect(400, VALIDATION),
                post("a raw control character in a string", grades, valid.replace("Hostile grade\",", "Hostile\u0001grade\",")).expect(400, VALIDATION),
                // ---- UTF-8
                post("invalid UTF-8 in a string (FF FE)", grades, bytes(valid.replace("Hostile", "\u00ff\u00fe"))).expect(400, VALIDATION),
                post("an overlong UTF-8 encoding (C0 AF)", grades, bytes(valid.replace("Hostile", "\u00c0\u00af"))).expect(400, VALIDATION),
                post("a truncated UTF-8 sequence (E2 82)", grades, bytes(valid.replace("Hostile grade\"", "Hostile \u00e2\u0082\""))).expect(400, VALIDATION),
                post("a UTF-8 encoded lone surrogate (ED A0 80)", grades, bytes(valid.replace("Hostile", "\u00ed\u00a0\u0080"))).expect(400, VALIDATION),
                post("a UTF-16 body", grades, valid.getBytes(StandardCharsets.UTF_16)).expect(400, VALIDATION),
                post("an escaped NUL (\\u0000) in a string", grades, valid.replace("Hostile grade\",", "Hostile\\u0000grade\",")).expect(400, VALIDATION),
                post("an escaped lone surrogate (\\ud800)", grades, valid.replace("Hostile grade\",", "Hostile\\ud800grade\",")).expect(400, VALIDATION),
                post("an escaped NUL in a property name", grades, valid.replace("{", "{\"a\\u0000b\": 1, ")).expect(400, VALIDATION),
                // ---- numbers
                post("1e999999 as a school id", schools, school("1e999999")).expect(400, VALIDATION),
                post("-1e999999 as a school id", schools, school("-1e999999")).expect(400, VALIDATION),
                post("1e-999999 as a school id", schools, school("1e-999999")).expect(400, VALIDATION),
                post("an exponent past int range", schools, school("1E+2147483648")).expect(400, VALIDATION),
                post("a school id of 2^63 (past 64 bits)", schools, school("9223372036854775808")).expect(400, VALIDATION),
                post("a 400-digit school id", schools, school(digits400)).expect(400, VALIDATION),
                post("a 5000-digit school id", schools, school(digits5000)).expect(400, VALIDATION),
                post("a 400-digit decimal", schools, school("1." + digits400)).expect(400, VALIDATION),
                post("a 400-digit number where a string belongs", grades, valid.replace("\"Hostile grade\",", digits400 + ",")).expect(400, VALIDATION),
                post("a huge number in an unknown property", grades, valid.replace("{", "{\"extra\": 1e999999, ")).expect(400, VALIDATION),
                // ---- not an object
                post("a JSON array as the document", grades, "[" + valid + "]").expect(400, VALIDATION),
                post("a JSON string as the document", grades, "\"" + valid.replace("\"", "\\\"") + "\"").expect(400, VALIDATION),
                post("null as the document", grades, "null").expect(400, VALIDATION),
                post("a number as the document", grades, "42").expect(400, VALIDATION),
                put("an array as a PUT document", students + "/" + student, "[]").expect(400, VALIDATION),
                // ---- duplicate keys
                post("a duplicated property", grades, valid.replace("{", "{\"codeValue\": \"Other\", ")).expect(400, VALIDATION),
                post("a duplicated nested property", schools, school(255901099, "Ninth grade").replace("{\"gradeLevelDescriptor\"",
                        "{\"gradeLevelDescriptor\": \"x\", \"gradeLevelDescriptor\"")).expect(400, VALIDATION),
                put("a duplicated id in a PUT", students + "/" + student, studentBody.replace("{", "{\"id\": \"" + student + "\", ")).expect(400, VALIDATION),
                // ---- unknown resources and parameters
                get("an unknown resource", DATA + "nothingHere").expect(404, NOT_FOUND),
                post("a POST to an unknown resource", DATA + "nothingHere", valid).expect(404, NOT_FOUND),
                get("an unknown project", "/data/no-project/students").expect(404, NOT_FOUND),
                get("an unknown tenant", "/nobody/data/ed-fi/students").expect(404, NOT_FOUND),
                get("a path below an item", students + "/" + student + "/more").expect(404, NOT_FOUND),
                get("a malformed id", students + "/not-an-id").expect(400, VALIDATION),
                put("a PUT of a malformed id", students + "/not-an-id", studentBody).expect(400, VALIDATION),
                delete("a DELETE of an unknown id", students + "/" + UUID.randomUUID()).expect(404, NOT_FOUND),
                get("an unknown query parameter (named in a 400)", students + "?foo=bar").expect(400, BAD_REQUEST),
                get("an empty parameter name (names nothing)", students + "?=1&&=").expect(200, null),
                get("a parameter given twice", students + "?limit=1&limit=nine").expect(200, null),
                send("PATCH", "PATCH on a collection", students, valid).expect(405, METHOD_NOT_ALLOWED),
                send("TRACE", "TRACE on an item", students + "/" + student, null).expect(405, METHOD_NOT_ALLOWED),
                send("BREW", "an unknown method", students, null).expect(405, METHOD_NOT_ALLOWED),
                // ---- odd paths
                get("a doubled leading slash", "//data/ed-fi/students").expect(200, null),
                get("a doubled inner slash", "/data//ed-fi//students").expect(200, null),
                get("dot segments to the admin API", "/data/../admin/instances").as(sisBearer).expect(403, ACCESS_DENIED_ADMIN),
                get("encoded dot segments to the admin API", "/data/%2e%2e/admin/instances").as(sisBearer).expect(404, NOT_FOUND),
                get("encoded slashes (decoded before routing, for guard and services alike)", "/data%2fed-fi%2fstudents").expect(200, null),
                get("a NUL in the resource", "/data/ed-fi/stu%00dents").expect(404, NOT_FOUND),
                get("a NUL as the id", students + "/%00").expect(400, VALIDATION),
                get("a raw NUL in the path", "/data/ed-fi/stu\u0000dents").expect(400, BAD_REQUEST),
                get("a path of 10,000 characters", longPath).expect(414, BAD_REQUEST),
                get("a path of 3,000 characters", "/data/ed-fi/" + "a".repeat(3000)).expect(404, NOT_FOUND),
                get("an encoded unicode resource", "/data/ed-fi/%C3%A9l%C3%A8ves").expect(404, NOT_FOUND),
                get("raw UTF-8 in the path", "/data/ed-fi/" + latin1("élèves".getBytes(StandardCharsets.UTF_8))).expect(404, NOT_FOUND),
                get("raw invalid UTF-8 in the path", "/data/ed-fi/\u00ff\u00fe").expect(404, NOT_FOUND),
                get("an encoded invalid UTF-8 resource", "/data/ed-fi/%FF%FE").expect(404, NOT_FOUND),
                get("a broken percent escape in the path", "/data/ed-fi/%zz").expect(400, BAD_REQUEST),
                get("a backslash path", "/data\\ed-fi\\students").expect(400, BAD_REQUEST),
                get("matrix parameters (dropped)", students + ";jsessionid=1").expect(200, null),
                get("an absolute-form target", "http://evil.example/data/ed-fi/students").expect(200, null),
                get("an asterisk target", "*").expect(404, NOT_FOUND),
                raw("a request line that is not HTTP", "NOT HTTP AT ALL\r\n\r\n").expect(400, BAD_REQUEST),
                raw("an unsupported HTTP version", "GET /data/ed-fi/students HTTP/9.9\r\nHost: x\r\n\r\n").expect(400, BAD_REQUEST),
                raw("a header without a colon", "GET /data/ed-fi/students HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n").expect(400, BAD_REQUEST),
                // ---- query strings
                get("an encoded invalid UTF-8 query value (%FF)", students + "?firstName=%FF%FE").expect(200, null).emptyPage(),
                get("an encoded truncated UTF-8 query value (%C3%28)", students + "?firstName=%C3%28").expect(200, null).emptyPage(),
                get("an encoded surrogate in a query value (%ED%A0%80)", students + "?firstName=%ED%A0%80").expect(200, null).emptyPage(),
                get("an encoded 4-byte sequence past U+10FFFF in a query value", students + "?firstName=%F4%90%80%80").expect(200, null).emptyPage(),
                get("raw invalid UTF-8 in the query", students + "?firstName=\u00ff\u00fe").expect(400, BAD_REQUEST),
                get("a broken percent escape in a query value", students + "?firstName=%zz").expect(400, BAD_REQUEST),
                get("a lone percent in a query value", students + "?firstName=%").expect(400, BAD_REQUEST),
                get("an encoded NUL in a query value", students + "?firstName=a%00b").expect(400, VALIDATION),
                get("a query value of 4,000 characters", students + "?firstName=" + "x".repeat(4000)).expect(200, null).emptyPage(),
                get("1e999999 as a numeric query value", schools + "?schoolId=1e999999").expect(400, VALIDATION),
                get("a 400-digit numeric query value", schools + "?schoolId=" + digits400).expect(200, null).emptyPage(),
                get("a word as a numeric query value", schools + "?schoolId=abc").expect(400, VALIDATION),
                // ---- SQL injection (values are bound, never spliced)
                get("' OR 1=1 -- on students", students + "?firstName=" + q("' OR 1=1 --")).expect(200, null).emptyPage(),
                get("'; DROP TABLE document; -- on students", students + "?lastSurname=" + q("'; DROP TABLE document; --")).expect(200, null).emptyPage(),
                get("a UNION SELECT on students", students + "?studentUniqueId=" + q("S1' UNION SELECT * FROM document --")).expect(200, null).emptyPage(),
                get("' OR '1'='1 on descriptors", grades + "?codeValue=" + q("' OR '1'='1")).expect(200, null).emptyPage(),
                get("a stacked DELETE on descriptors", grades + "?namespace=" + q("x'); DELETE FROM document; --")).expect(200, null).emptyPage(),
                get("a JSON-breaking value on descriptors", grades + "?codeValue=" + q("\"}, \"a\": {\"b\": 1} --")).expect(200, null).emptyPage(),
                get("a jsonb operator in a value", grades + "?codeValue=" + q("x' ? 'codeValue")).expect(200, null).emptyPage(),
                get("injection in a numeric filter", schools + "?schoolId=" + q("1 OR 1=1")).expect(400, VALIDATION),
                get("injection in limit", students + "?limit=" + q("1; DROP TABLE document")).expect(400, PARAMETERS),
                get("injection in the id", students + "/" + q("1' OR '1'='1")).expect(400, VALIDATION),
                get("injection in the resource", DATA + q("students'; DROP TABLE document; --")).expect(404, NOT_FOUND),
                // ---- paging
                get("limit 2^31", students + "?limit=2147483648").expect(400, PARAMETERS),
                get("limit of 30 digits", students + "?limit=" + "9".repeat(30)).expect(400, PARAMETERS),
                get("limit 501", students + "?limit=501").expect(400, PARAMETERS),
                get("limit -1", students + "?limit=-1").expect(400, PARAMETERS),
                get("limit abc", students + "?limit=abc").expect(400, PARAMETERS),
                get("limit 1e3", students + "?limit=1e3").expect(400, PARAMETERS),
                get("an empty limit", students + "?limit=").expect(400, PARAMETERS),
                get("offset 2^31", students + "?offset=2147483648").expect(400, PARAMETERS),
                get("offset of 30 digits", students + "?offset=" + "9".repeat(30)).expect(400, PARAMETERS),
                get("offset -1", students + "?offset=-1").expect(400, PARAMETERS),
                get("offset 1.5", students + "?offset=1.5").expect(400, PARAMETERS),
                get("offset 2^31-1", students + "?offset=2147483647&totalCount=true").expect(200, null).emptyPage(),
                get("totalCount maybe", students + "?totalCount=maybe").expect(400, PARAMETERS),
                // ---- If-Match
                put("a garbage If-Match", students + "/" + student, studentBody).header("If-Match", "garbage").expect(412, LOCK_FAILED),
                put("an empty quoted If-Match", students + "/" + student, studentBody).header("If-Match", "\"\"").expect(412, LOCK_FAILED),
                put("a weak If-Match", students + "/" + student, studentBody).header("If-Match", "W/\"1\"").expect(412, LOCK_FAILED),
                put("an If-Match of 8 KB", students + "/" + student, studentBody).header("If-Match", "\"" + "7".repeat(8000) + "\"").expect(412, LOCK_FAILED),
                put("a list of If-Match tags", students + "/" + student, studentBody).header("If-Match", "\"1\", \"2\"").expect(412, LOCK_FAILED),
                delete("a DELETE with a garbage If-Match", students + "/" + student).header("If-Match", "\"'; DROP TABLE document; --\"").expect(412, LOCK_FAILED),
                // ---- Content-Type
                post("text/plain", grades, valid).header("Content-Type", "text/plain").expect(415, MEDIA_TYPE),
                post("a form", grades, valid).header("Content-Type", "application/x-www-form-urlencoded").expect(415, MEDIA_TYPE),
                post("XML", grades, "<gradeLevelDescriptor/>").header("Content-Type", "application/xml").expect(415, MEDIA_TYPE),
                post("JSON in UTF-16 by charset", grades, valid).header("Content-Type", "application/json; charset=utf-16").expect(415, MEDIA_TYPE),
                post("a garbage Content-Type", grades, valid).header("Content-Type", ";;==//").expect(415, MEDIA_TYPE),
                put("text/plain on a PUT", students + "/" + student, studentBody).header("Content-Type", "text/plain").expect(415, MEDIA_TYPE));
    }

    // ---- the fuzz ---------------------------------------------------------------------------

    @Test
    @Order(3)
    void randomMutationsOfValidRequestsAreNeverA500AndRefusalsChangeNothing() throws Exception {
        System.out.printf("HardeningTest fuzz: seed %d (-Dhardening.seed=%d replays it), %d requests%n", SEED, SEED, FUZZ_REQUESTS);
        Random random = new Random(SEED);
        Snapshot before = Snapshot.take();
        Map<String, Long> created = new TreeMap<>();
        Map<String, Long> deleted = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < FUZZ_REQUESTS; i++) {
            Hostile request = new Mutator(random, i).next();
            Response answer;
            try {
                answer = request.send();
            } catch (IOException e) {
                failures.add("#" + i + " " + request.describe() + ": " + e);
                continue;
            }
            statuses.merge(answer.status, 1, Integer::sum);
            String problem = problemFailure(request.method, answer);
            if (problem != null) {
                failures.add("#" + i + " " + request.describe() + ": " + problem + " | " + answer);
            }
            if (answer.status == 201) {
                String location = answer.header("location");
                Optional<ResourceSchema> resource = resourceOf(location);
                resource.ifPresent(r -> created.merge(r.endpointName(), 1L, Long::sum));
                if (resource.isPresent() && documents.containsKey(resource.get().endpointName())) {
                    documents.get(resource.get().endpointName()).add(new String[] {location.substring(location.lastIndexOf('/') + 1), null});
                }
                if (resource.isEmpty()) {
                    failures.add("#" + i + " 201 without a Location of a known resource: " + answer);
                }
            } else if (answer.status == 204 && request.method.equals("DELETE")) {
                Optional<ResourceSchema> resource = resourceOf(request.target);
                resource.ifPresent(r -> deleted.merge(r.endpointName(), 1L, Long::sum));
                if (resource.isEmpty()) {
                    failures.add("#" + i + " 204 DELETE of no known resource: " + request.describe());
                }
            }
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("HardeningTest fuzz: %d requests in %d ms; statuses %s; created %s; deleted %s%n",
                FUZZ_REQUESTS, elapsed, statuses, created, deleted);
        failures.stream().limit(40).forEach(f -> System.out.println("FUZZ FAILURE " + f));
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failures");

        Snapshot after = Snapshot.take();
        for (String resource : TOUCHED) {
            long expected = before.totals.get(resource) + created.getOrDefault(resource, 0L) - deleted.getOrDefault(resource, 0L);
            assertEquals(expected, after.totals.get(resource), resource + ": the total moves by what was created and deleted");
        }
        long moved = created.values().stream().mapToLong(Long::longValue).sum() - deleted.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(before.rows + moved, after.rows, "the instance's rows move by what was created and deleted");
    }

    /** Random mutations of valid requests on {@link #FUZZED}, one after the other. */
    private static final class Mutator {

        private static final JsonNodeFactory NODES = MessageCodec.MAPPER.getNodeFactory();
        private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get"};
        private static final String[] PREFIXES = {"/data/ed-fi/", "/data/v3/ed-fi/", "/default/data/ed-fi/"};
        private static final String[] ODD_SEGMENTS = {"", ".", "..", "%2e%2e", "%00", "%FF", "%C3%A9", "\u00c3\u00a9", "\u00ff", "%zz",
                "students;x", "a".repeat(3000), "STUDENTS", "Schools", "gradeleveldescriptors", "ed-fi", "v3", "data", "x y", "%20",
                "default", "nobody", "00000000-0000-0000-0000-000000000000", "*"};
        private static final String[] ODD_VALUES = {"", "0", "-1", "1", "500", "501", "2147483647", "2147483648", "-2147483649",
                "9".repeat(40), "1e999999", "-1e-999999", "1.5", "NaN", "true", "false", "abc", "' OR 1=1 --", "'; DROP TABLE document; --",
                "%FF", "%00", "%C3%28", "%", "%zz", "\u00ff", "x".repeat(3000), "\"}", "null", "S1", "255901001",
                "uri://ed-fi.org/GradeLevelDescriptor", "%E2%82%AC", "a+b", "a&b=c", "%ED%A0%80", "%F0%9D%84%9E", "%C0%AF"};
        private static final String[] CONTENT_TYPES = {null, "text/plain", "application/xml", "application/json; charset=utf-16",
                "application/json; charset=utf-8", "application/JSON", "application/vnd.ed-fi+json", "multipart/form-data", ";;", ""};
        private static final String[] IF_MATCHES = {"garbage", "\"\"", "*", "W/\"1\"", "\"1\", \"2\"", "\"" + "9".repeat(30) + "\"", "\u00ff"};
        private static final String[] ESCAPES = {"\\u0000", "\\ud800", "\\udfff", "\\", "\"", "\\x41", "\\u12", "\u0000", "\u001f",
                "\u00c0\u00af", "\u00ed\u00a0\u0080", "\u00f8\u0088\u0080\u0080\u0080", "\u00ff"};

        private final Random random;
        private final int sequence;

        Mutator(Random random, int sequence) {
            this.random = random;
            this.sequence = sequence;
        }

        Hostile next() throws Exception {
            String resource = pick(FUZZED.toArray(String[]::new));
            List<String[]> pool = documents.get(resource);
            String[] target = pool.get(random.nextInt(pool.size()));
            String method;
            List<String> segments = new ArrayList<>(List.of(pick(PREFIXES).split("/")));
            segments.add(resource);
            List<String> query = new ArrayList<>();
            JsonNode body = null;
            switch (random.nextInt(5)) {
                case 0 -> {
                    method = "GET";
                    query.add("limit=" + (1 + random.nextInt(25)));
                }
                case 1 -> {
                    method = "GET";
                    segments.add(target[0]);
                }
                case 2 -> {
                    method = "POST";
                    body = MessageCodec.MAPPER.readTree(validBody(resource));
                }
                case 3 -> {
                    method = "PUT";
                    segments.add(target[0]);
                    body = MessageCodec.MAPPER.readTree(target[1] == null ? validBody(resource) : target[1]);
                    ((ObjectNode) body).put("id", target[0]);
                }
                default -> {
                    method = "DELETE";
                    segments.add(target[0]);
                }
            }
            String contentType = "application/json";
            String ifMatch = null;
            List<String> byteMutations = new ArrayList<>();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int choice = random.nextInt(100);
                if (choice < 30) {
                    if (body == null) {
                        body = MessageCodec.MAPPER.readTree(validBody(resource));
                    }
                    body = mutateTree(body);
                } else if (choice < 50) {
                    byteMutations.add(pick(new String[] {"truncate", "flip", "control", "high", "punctuation", "escape", "slice", "duplicate-key"}));
                } else if (choice < 65) {
                    query.add(queryParameter(resource));
                } else if (choice < 78) {
                    mutatePath(segments);
                } else if (choice < 86) {
                    method = pick(METHODS);
                } else if (choice < 93) {
                    contentType = pick(CONTENT_TYPES);
                } else {
                    ifMatch = pick(IF_MATCHES);
                }
            }
            byte[] bytes = body == null ? null : MessageCodec.MAPPER.writeValueAsBytes(body);
            if (bytes == null && !byteMutations.isEmpty()) {
                bytes = MessageCodec.MAPPER.writeValueAsBytes(MessageCodec.MAPPER.readTree(validBody(resource)));
            }
            for (String mutation : byteMutations) {
                bytes = mutateBytes(bytes, mutation);
            }
            String path = String.join("/", segments);
            String targetText = (path.startsWith("/") ? "" : "/") + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
            Hostile request = new Hostile(method, "fuzz #" + sequence, targetText, bytes);
            if (contentType == null) {
                request.header("Content-Type", null);
            } else if (!contentType.equals("application/json")) {
                request.header("Content-Type", contentType);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            return request;
        }

        private String validBody(String resource) {
            int n = random.nextInt(1_000_000);
            return switch (resource) {
                case "gradeLevelDescriptors" -> descriptor("GradeLevelDescriptor", "Fuzz " + n);
                case "students" -> student("F" + n, pick(new String[] {"Lisa", "Ana", "Jo"}));
                default -> school(255_000_000 + n, "Ninth grade"); // the seeded schools refer to it, so the fuzz cannot delete it
            };
        }

        private JsonNode mutateTree(JsonNode root) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            if (containers.isEmpty()) {
                return randomValue(2); // the document is a scalar already: another value in its place
            }
            JsonNode container = containers.get(random.nextInt(containers.size()));
            int action = random.nextInt(10);
            if (container instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                if (names.isEmpty() || action < 2) {
                    object.set(action == 0 ? "x" + random.nextInt(100) : pick(new String[] {"id", "_etag", "link", "\u0000", "", "a.b"}), randomValue(2));
                } else if (action < 4) {
                    object.remove(names.get(random.nextInt(names.size())));
                } else {
                    object.set(names.get(random.nextInt(names.size())), randomValue(2));
                }
            } else if (container instanceof ArrayNode array) {
                if (array.isEmpty() || action < 3) {
                    array.add(randomValue(2));
                } else if (action < 5) {
                    array.remove(random.nextInt(array.size()));
                } else {
                    array.set(random.nextInt(array.size()), randomValue(2));
                }
            }
            return action == 9 && random.nextInt(4) == 0 ? randomValue(1) : root; // now and then the document itself goes
        }

        private static void collect(JsonNode node, List<JsonNode> containers) {
            if (node.isContainerNode()) {
                containers.add(node);
                for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                    collect(children.next(), containers);
                }
            }
        }

        private JsonNode randomValue(int depth) {
            int kind = random.nextInt(depth > 0 ? 16 : 12);
            return switch (kind) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.booleanNode(random.nextBoolean());
                case 2 -> NODES.numberNode(random.nextInt());
                case 3 -> NODES.numberNode(random.nextLong());
                case 4 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(500))));
                case 5 -> NODES.numberNode(new BigDecimal(pick(new String[] {"1e999999", "-1e-999999", "1.5", "1e400", "0.000001", "-0"})));
                case 6, 7, 8 -> NODES.textNode(randomString());
                case 9 -> NODES.textNode(pick(new String[] {"2010-01-13", "13/01/2010", "2010-02-30", "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade",
                        "uri://ed-fi.org/GradeLevelDescriptor#Nope", "255901001", "true", "S1", " S1 "}));
                case 10 -> NODES.objectNode();
                case 11 -> NODES.arrayNode();
                case 12 -> {
                    ArrayNode array = NODES.arrayNode();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        array.add(randomValue(depth - 1));
                    }
                    yield array;
                }
                case 13 -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        object.set(randomString(), randomValue(depth - 1));
                    }
                    yield object;
                }
                case 14 -> {
                    JsonNode deep = NODES.numberNode(1);
                    for (int i = random.nextInt(200); i > 0; i--) {
                        deep = random.nextBoolean() ? NODES.arrayNode().add(deep) : NODES.objectNode().set("a", deep);
                    }
                    yield deep;
                }
                default -> NODES.textNode("x".repeat(random.nextInt(20_000)));
            };
        }

        private String randomString() {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                text.append(switch (random.nextInt(8)) {
                    case 0 -> (char) random.nextInt(0x20); // control characters, NUL included (JSON-escaped)
                    case 1 -> pick(new String[] {"'", "\"", "\\", "--", ";", "%", "' OR 1=1 --", "<script>", "${x}", "\u2028"});
                    case 2 -> pick(new String[] {"é", "€", "𝄞", "中文", "\u200b", "\ufeff", "\uffff"});
                    default -> (char) ('a' + random.nextInt(26));
                });
            }
            return text.toString();
        }

        private byte[] mutateBytes(byte[] bytes, String mutation) {
            if (bytes.length == 0) {
                return new byte[] {(byte) random.nextInt(256)};
            }
            int at = random.nextInt(bytes.length);
            return switch (mutation) {
                case "truncate" -> Arrays.copyOf(bytes, at);
                case "flip" -> {
                    byte[] copy = bytes.clone();
                    copy[at] ^= (byte) (1 << random.nextInt(8));
                    yield copy;
                }
                case "control" -> insert(bytes, at, new byte[] {(byte) random.nextInt(0x20)});
                case "high" -> insert(bytes, at, new byte[] {(byte) (0x80 + random.nextInt(0x80))});
                case "punctuation" -> insert(bytes, at, new byte[] {(byte) "{}[]\",:".charAt(random.nextInt(7))});
                case "escape" -> insert(bytes, at, latin1Bytes(pick(ESCAPES)));
                case "slice" -> {
                    int from = random.nextInt(bytes.length);
                    yield insert(bytes, at, Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(40))));
                }
                default -> { // a key given twice: the first property again, right after the opening brace
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    int colon = text.indexOf(':');
                    int comma = text.indexOf(',');
                    yield text.startsWith("{") && colon > 0 && comma > colon
                            ? latin1Bytes("{" + text.substring(1, comma + 1) + text.substring(1)) : bytes;
                }
            };
        }

        private String queryParameter(String resource) {
            List<String> names = new ArrayList<>(List.of("limit", "offset", "totalCount", "LIMIT", "x", "", "a%00b", "%FF"));
            schema.findResource("ed-fi", resource).orElseThrow().queryFields().keySet().forEach(names::add);
            String value = random.nextBoolean() ? pick(ODD_VALUES) : q(randomString());
            return pick(names.toArray(String[]::new)) + (random.nextInt(10) == 0 ? "" : "=" + value);
        }

        private void mutatePath(List<String> segments) {
            if (segments.size() < 2) {
                segments.add(pick(ODD_SEGMENTS));
                return;
            }
            int index = 1 + random.nextInt(segments.size() - 1);
            switch (random.nextInt(5)) {
                case 0 -> segments.remove(index);
                case 1 -> segments.add(index, pick(ODD_SEGMENTS));
                case 2 -> segments.set(index, pick(ODD_SEGMENTS));
                case 3 -> segments.add(""); // a trailing slash
                default -> {
                    String segment = segments.get(index);
                    if (!segment.isEmpty()) {
                        int at = random.nextInt(segment.length());
                        segments.set(index, segment.substring(0, at) + pick(new String[] {"%", "%2F", "/", "\u0000", "..", "?", "#", "%20"})
                                + segment.substring(at));
                    }
                }
            }
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }

        private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
            byte[] result = new byte[bytes.length + inserted.length];
            System.arraycopy(bytes, 0, result, 0, at);
            System.arraycopy(inserted, 0, result, at, inserted.length);
            System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
            return result;
        }
    }

    // ---- checks -----------------------------------------------------------------------------

    /**
     * Why an answer breaks the rules, or null: never 5xx; every 4xx application/problem+json with a
     * JSON object body of {@code type}, {@code status} equal to the HTTP status, and {@code detail}
     * or {@code title} (a HEAD answer has no body to check).
     */
    static String problemFailure(String method, Response answer) {
        if (answer.status >= 500 || answer.status < 100) {
            return "status " + answer.status;
        }
        if (answer.status < 400) {
            return null;
        }
        String contentType = answer.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return "a " + answer.status + " of Content-Type " + contentType;
        }
        if (method.equals("HEAD")) {
            return null;
        }
        JsonNode problem;
        try {
            problem = MessageCodec.MAPPER.readTree(answer.body);
        } catch (IOException e) {
            return "a problem body that is not JSON";
        }
        if (problem == null || !problem.isObject()) {
            return "a problem body that is not an object";
        }
        if (!problem.path("type").isTextual() || problem.path("type").asText().isBlank()) {
            return "a problem without a type";
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != answer.status) {
            return "a problem whose status " + problem.path("status") + " is not " + answer.status;
        }
        if (problem.path("detail").asText("").isBlank() && problem.path("title").asText("").isBlank()) {
            return "a problem without detail or title";
        }
        return null;
    }

    /** The resource a path or Location names after {@code /data/[v3/]}, as the server resolves it. */
    static Optional<ResourceSchema> resourceOf(String target) {
        if (target == null) {
            return Optional.empty();
        }
        String path = target.split("[?#]", 2)[0];
        List<String> segments = new ArrayList<>(); // as Helidon reads a path: empty and dot segments resolved, matrix parameters dropped
        for (String raw : path.split("/")) {
            String segment = raw.split(";", 2)[0];
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(percentDecode(segment));
            }
        }
        int data = segments.indexOf("data");
        if (data < 0) {
            return Optional.empty();
        }
        int first = data + 1 < segments.size() && segments.get(data + 1).equals("v3") ? data + 2 : data + 1;
        return first + 1 < segments.size() ? schema.findResource(segments.get(first), segments.get(first + 1)) : Optional.empty();
    }

    private static String percentDecode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = segment.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length) {
                try {
                    out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.ISO_8859_1), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as it is
                }
            }
            out.write(in[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Per-resource Total-Count over the API, and the instance's rows and their ids and ETags in PostgreSQL. */
    private record Snapshot(Map<String, Long> totals, long rows, String digest) {

        static Snapshot take() throws Exception {
            Map<String, Long> totals = new TreeMap<>();
            for (String resource : TOUCHED) {
                HttpResponse<String> page = developer.expect(200, "GET", DATA + resource + "?totalCount=true&limit=0", null);
                totals.put(resource, Long.parseLong(page.headers().firstValue("Total-Count").orElseThrow()));
            }
            try (Connection db = DriverManager.getConnection(node.postgres.jdbcUrl("dms_default_default"));
                    Statement statement = db.createStatement();
                    ResultSet result = statement.executeQuery(
                            "SELECT count(*), md5(coalesce(string_agg(document_id::text || ':' || etag, ',' ORDER BY document_id), '')) FROM dms.document")) {
                result.next();
                return new Snapshot(totals, result.getLong(1), result.getString(2));
            }
        }
    }

    // ---- requests ---------------------------------------------------------------------------

    /** One request, sent as raw bytes: method, target and body may hold anything. */
    static final class Hostile {
        final String method;
        final String name;
        final String target;
        final byte[] body;
        final Map<String, String> headers = new LinkedHashMap<>();
        String authorization;
        boolean chunked;
        boolean rawBody;
        byte[] raw;
        int status;
        String type;
        boolean emptyPage;

        Hostile(String method, String name, String target, byte[] body) {
            this.method = method;
            this.name = name;
            this.target = target;
            this.body = body;
        }

        Hostile header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Hostile chunked() {
            chunked = true;
            return this;
        }

        /** Sends the body with the headers given and no Content-Length of its own. */
        Hostile rawBody() {
            rawBody = true;
            return this;
        }

        Hostile as(String authorization) {
            this.authorization = authorization;
            return this;
        }

        Hostile expect(int status, String type) {
            this.status = status;
            this.type = type;
            return this;
        }

        Hostile emptyPage() {
            emptyPage = true;
            return this;
        }

        String describe() {
            String shownTarget = target.length() > 200 ? target.substring(0, 200) + "..." : target;
            String shownBody = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + shownTarget + " " + headers + " " + shownBody;
        }

        @Override
        public String toString() {
            return name;
        }

        Response send() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            if (raw != null) {
                head.write(raw);
            } else {
                head.write(latin1Bytes(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n"));
                Map<String, String> all = new LinkedHashMap<>();
                all.put("Authorization", authorization == null ? bearer : authorization);
                all.put("Content-Type", "application/json");
                if (body != null && !rawBody) {
                    all.put(chunked ? "Transfer-Encoding" : "Content-Length", chunked ? "chunked" : Integer.toString(body.length));
                }
                all.put("Connection", "close");
                all.putAll(headers);
                for (Map.Entry<String, String> header : all.entrySet()) {
                    if (header.getValue() != null) {
                        head.write(latin1Bytes(header.getKey() + ": " + header.getValue() + "\r\n"));
                    }
                }
                head.write(latin1Bytes("\r\n"));
            }
            try (Socket socket = new Socket("127.0.0.1", node.port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        out.write(head.toByteArray());
                        if (body != null) {
                            if (chunked) {
                                for (int at = 0; at < body.length; at += 65_536) {
                                    int length = Math.min(65_536, body.length - at);
                                    out.write(latin1Bytes(Integer.toHexString(length) + "\r\n"));
                                    out.write(body, at, length);
                                    out.write(latin1Bytes("\r\n"));
                                }
                                out.write(latin1Bytes("0\r\n\r\n"));
                            } else {
                                out.write(body);
                            }
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the server may answer and close before it has read everything
                    }
                });
                Response answer = read(socket.getInputStream(), method.equals("HEAD"));
                writer.interrupt();
                return answer;
            }
        }

        /**
         * One answer, framed as HTTP/1.1 frames it (Content-Length, chunked, or to the end of the
         * connection): the server may keep the connection open after answering.
         */
        private static Response read(InputStream socket, boolean head) throws IOException {
            InputStream in = new java.io.BufferedInputStream(socket);
            try {
                ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException(headBytes.size() == 0 ? "no answer" : "the answer ended in its head: " + headBytes);
                    }
                    headBytes.write(b);
                    matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                String text = headBytes.toString(StandardCharsets.ISO_8859_1);
                if (!text.startsWith("HTTP/1.1 ")) {
                    throw new IOException("not an HTTP answer: " + text);
                }
                String[] lines = text.strip().split("\r\n");
                int status = Integer.parseInt(lines[0].substring(9, 12));
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
                byte[] body;
                if (head || status == 204 || status == 304 || status < 200) {
                    body = new byte[0];
                } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; ) {
                        out.write(in.readNBytes(size));
                        line(in);
                    }
                    body = out.toByteArray();
                } else if (headers.containsKey("content-length")) {
                    body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                } else {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // a reset after the answer: what came is the answer
                    }
                    body = out.toByteArray();
                }
                return new Response(status, headers, body);
            } catch (SocketTimeoutException e) {
                throw new IOException("the answer did not come within 30 s", e);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    /** An answer: status, headers by lower-case name, body (de-chunked). */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String problemType() {
            try {
                JsonNode node = MessageCodec.MAPPER.readTree(body);
                return node != null && node.has("type") ? node.get("type").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headers.get("content-type") + " " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Hostile get(String name, String target) {
        return new Hostile("GET", name, target, null);
    }

    private static Hostile delete(String name, String target) {
        return new Hostile("DELETE", name, target, null);
    }

    private static Hostile post(String name, String target, String body) {
        return post(name, target, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Hostile post(String name, String target, byte[] body) {
        return new Hostile("POST", name, target, body);
    }

    private static Hostile put(String name, String target, String body) {
        return put(name, target, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Hostile put(String name, String target, byte[] body) {
        return new Hostile("PUT", name, target, body);
    }

    private static Hostile send(String method, String name, String target, String body) {
        return new Hostile(method, name, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static Hostile raw(String name, String request) {
        Hostile hostile = new Hostile("RAW", name, "", null);
        hostile.raw = latin1Bytes(request);
        return hostile;
    }

    /** A JSON object of {@code size} bytes: a descriptor whose description is padded. */
    private static byte[] oversized(int size) {
        String head = "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Big\", \"shortDescription\": \"Big\", \"description\": \"";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    /** A string whose chars are bytes (ISO-8859-1): {@code "\u00ff"} is the byte FF. */
    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1Bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A query value, percent-encoded as UTF-8. */
    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void seed(String resource, String body) throws Exception {
        String id = TestApi.idOf(developer.expect(201, "POST", DATA + resource, body));
        documents.computeIfAbsent(resource, r -> new ArrayList<>()).add(new String[] {id, body});
    }

    private static String withId(String body, String id) {
        return "{\"id\": \"" + id + "\", " + body.strip().substring(1);
    }

    static String descriptor(String type, String code) {
        return "{\"namespace\": \"uri://ed-fi.org/" + type + "\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    static String student(String uniqueId, String firstName) {
        return "{\"studentUniqueId\": \"" + uniqueId + "\", \"firstName\": \"" + firstName + "\", \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\"}";
    }

    static String school(long schoolId, String grade) {
        return school(Long.toString(schoolId)).replace("Ninth grade", grade);
    }

    /** A school whose id is given as JSON text, any number at all. */
    static String school(String schoolIdJson) {
        return "{\"schoolId\": " + schoolIdJson + ", \"nameOfInstitution\": \"Hostile High\","
                + " \"educationOrganizationCategories\": [{\"educationOrganizationCategoryDescriptor\": \"uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School\"}],"
                + " \"gradeLevels\": [{\"gradeLevelDescriptor\": \"uri://ed-fi.org/GradeLevelDescriptor#Ninth grade\"}]}";
    }
}
