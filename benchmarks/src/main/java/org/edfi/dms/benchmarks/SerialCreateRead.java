package org.edfi.dms.benchmarks;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.edfi.dms.app.EmbeddedStack;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.schema.ApiSchemaLoader;

/**
 * Serial create and read (the benchmark issue's first workload, after the Ed-Fi DMS/ODS comparisons):
 * one client, one request at a time, creates N students and N student school associations, then
 * reads each student by id, by query on its natural key, and all of them with limit 500. In the same
 * run, serial ceilings: a static HTTP endpoint answering the same POSTs, and single-row JSONB
 * INSERTs into PostgreSQL with synchronous commit (one transaction each, as a store that commits
 * every write would).
 *
 * <p>{@code SerialCreateRead [N]} (default 9,999) against {@link EmbeddedStack}, as {@code dms run}.
 */
public final class SerialCreateRead {

    private SerialCreateRead() {}

    /** Latencies of one phase, in nanoseconds, and its wall time. */
    private record Phase(String name, long[] latencies, double seconds) {

        String row() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "| %s | %d | %.1f s | %.0f/s | %.2f ms | %.2f ms | %.2f ms |", name, sorted.length, seconds,
                    sorted.length / seconds, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }

    private interface Step {
        void run(int i) throws Exception;
    }

    private static Phase phase(String name, int count, Step step) throws Exception {
        long[] latencies = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            step.run(i);
            latencies[i] = System.nanoTime() - t0;
        }
        return new Phase(name, latencies, (System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 9_999;
        Path schema = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        Path dataDir = Files.createTempDirectory("dms-serial");
        List<Phase> phases = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(ApiSchemaLoader.load(schema), dataDir, "127.0.0.1", 0, IngressConfig.DEFAULT_RESULT_TIMEOUT)) {
            String authorization = BenchClient.authorization(stack);
            WebClient http = WebClient.create();
            String data = "http://127.0.0.1:" + stack.port() + "/data/ed-fi/";
            for (String[] descriptor : new String[][] {{"educationOrganizationCategoryDescriptors", "EducationOrganizationCategoryDescriptor", "School"},
                    {"gradeLevelDescriptors", "GradeLevelDescriptor", "Ninth grade"}, {"sexDescriptors", "SexDescriptor", "Female"}}) {
                expect(201, post(http, data + descriptor[0], authorization, "{\"namespace\": \"uri://ed-fi.org/" + descriptor[1] + "\", \"codeValue\": \""
                        + descriptor[2] + "\", \"shortDescription\": \"" + descriptor[2] + "\"}"));
            }
            expect(201, post(http, data + "schools", authorization, """
                    {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
                     "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}"""));

            String[] ids = new String[n];
            phases.add(phase("POST students", n, i -> ids[i] = location(http, data + "students", authorization, student(i))));
            phases.add(phase("POST studentSchoolAssociations", n, i -> location(http, data + "studentSchoolAssociations", authorization, """
                    {"studentReference": {"studentUniqueId": "S%d"}, "schoolReference": {"schoolId": 255901001},
                     "entryDate": "2024-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}""".formatted(i))));
            phases.add(phase("GET student by id", n, i -> expect(200, get(http, data + "students/" + ids[i], authorization))));
            phases.add(phase("GET student by query (studentUniqueId)", n, i -> expect(200, get(http, data + "students?studentUniqueId=S" + i, authorization))));
            int pages = (n + 499) / 500;
            phases.add(phase("GET all students, limit 500 (pages)", pages, page -> expect(200,
                    get(http, data + "students?limit=500&offset=" + page * 500, authorization))));

            WebServer ceiling = WebServer.builder().host("127.0.0.1").port(0)
                    .routing(r -> r.post("/static", (req, res) -> {
                        req.content().consume();
                        res.status(201).send();
                    })).build().start();
            String url = "http://127.0.0.1:" + ceiling.port() + "/static";
            phases.add(phase("ceiling: POST to a static HTTP endpoint", n, i -> expect(201, post(http, url, authorization, student(i)))));
            ceiling.stop();
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl())) {
                db.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_serial (id bigint PRIMARY KEY, doc jsonb NOT NULL)");
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO bench_serial (id, doc) VALUES (?, CAST(? AS jsonb))")) {
                    phases.add(phase("ceiling: PostgreSQL single-row JSONB INSERT, synchronous commit", n, i -> {
                        insert.setLong(1, i);
                        insert.setString(2, student(i));
                        insert.executeUpdate();
                    }));
                }
                db.createStatement().execute("DROP TABLE bench_serial");
            }
        }
        System.out.println("| phase | requests | wall time | rate | p50 | p95 | p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        phases.forEach(phase -> System.out.println(phase.row()));
        System.exit(0);
    }

    private static String student(int i) {
        return "{\"studentUniqueId\": \"S" + i + "\", \"firstName\": \"Lisa\", \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\","
                + " \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\"}";
    }

    private static int post(WebClient http, String url, String authorization, String body) {
        try (HttpClientResponse response = http.post(url).header(HeaderValues.CONTENT_TYPE_JSON).header(HeaderNames.AUTHORIZATION, authorization)
                .submit(body)) {
            return response.status().code();
        }
    }

    /** POSTs and answers the new document's id (from its Location). */
    private static String location(WebClient http, String url, String authorization, String body) {
        try (HttpClientResponse response = http.post(url).header(HeaderValues.CONTENT_TYPE_JSON).header(HeaderNames.AUTHORIZATION, authorization)
                .submit(body)) {
            expect(201, response.status().code());
            String location = response.headers().first(HeaderNames.LOCATION).orElseThrow();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** A GET; the client takes query parameters apart from the path (a '?' in the URI would be encoded). */
    private static int get(WebClient http, String url, String authorization) {
        String[] parts = url.split("\\?", 2);
        var request = http.get(parts[0]).header(HeaderNames.AUTHORIZATION, authorization);
        if (parts.length == 2) {
            for (String parameter : parts[1].split("&")) {
                String[] pair = parameter.split("=", 2);
                request.queryParam(pair[0], pair[1]);
            }
        }
        try (HttpClientResponse response = request.request()) {
            String body = response.as(String.class); // read the whole body, as a client does
            if (response.status().code() != 200) {
                System.err.println("GET " + url + " answered " + response.status().code() + ": " + body);
            }
            return response.status().code();
        }
    }

    private static void expect(int expected, int status) {
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + ", answered " + status);
        }
    }
}
