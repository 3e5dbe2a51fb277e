package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.edfi.dms.contracts.MessageCodec;

/**
 * What an API profile costs a read and a write, as an A/B in one run of one {@code dms run} server:
 * the development client (no profile) and a client whose application is assigned a profile
 * (students read without birth date, sex and citizenship; written without middle name and
 * personal title, which the processor then keeps from the stored document) take the same request
 * each in turn, the one that goes first alternating, so both meet the same noise. Requests: a
 * query of one student by {@code studentUniqueId}, a page of 25 students, and a PUT of a student
 * by id (each side its own students).
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" -Ddms.home=. org.edfi.dms.benchmarks.bench.ProfileOverhead [STUDENTS] [WARM-UP] [MEASURED]
 * </pre>
 */
public final class ProfileOverhead {

    private static final String PROFILE = """
            <Profile name="Bench-Student">
              <Resource name="Student">
                <ReadContentType memberSelection="ExcludeOnly">
                  <Property name="BirthDate"/><Property name="BirthSexDescriptor"/><Property name="CitizenshipStatusDescriptor"/>
                </ReadContentType>
                <WriteContentType memberSelection="ExcludeOnly"><Property name="MiddleName"/><Property name="PersonalTitlePrefix"/></WriteContentType>
              </Resource>
            </Profile>""";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private ProfileOverhead() {}

    public static void main(String[] args) throws Exception {
        int students = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("dms-profile-overhead");
        try (ServerProcess server = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS)) {
            String base = server.baseUrl();
            String developer = server.authorization();
            expect(send("POST", base + "/admin/profiles", PROFILE, developer, "application/xml"), 201);
            expect(send("POST", base + "/admin/vendors", "{\"name\": \"Bench\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}", developer, null), 201);
            expect(send("POST", base + "/admin/applications", "{\"vendor\": \"Bench\", \"name\": \"Profiled\", \"claimSet\": \"full-access\","
                    + " \"profiles\": [\"Bench-Student\"]}", developer, null), 201);
            JsonNode client = MessageCodec.MAPPER.readTree(expect(send("POST", base + "/admin/clients",
                    "{\"vendor\": \"Bench\", \"application\": \"Profiled\", \"instances\": [\"default/default\"]}", developer, null), 201).body());
            String profiled = token(base, client.path("clientId").asText(), client.path("clientSecret").asText());
            List<String> sides = List.of(developer, profiled);
            String[][] ids = new String[2][students];
            for (int i = 0; i < students; i++) {
                for (int side = 0; side < 2; side++) {
                    HttpResponse<String> created = expect(send("POST", server.dataUrl() + "students", student(side, i, "First"), developer, null), 201);
                    String location = created.headers().firstValue("Location").orElseThrow();
                    ids[side][i] = location.substring(location.lastIndexOf('/') + 1);
                }
            }
            long[][] byKey = new long[2][measured];
            long[][] page = new long[2][measured];
            long[][] put = new long[2][measured];
            for (int i = 0; i < warmUp + measured; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int side = (i + turn) % 2;
                    int n = i % students;
                    long start = System.nanoTime();
                    expect(send("GET", server.dataUrl() + "students?studentUniqueId=" + uniqueId(side, n), null, sides.get(side), null), 200);
                    long queried = System.nanoTime();
                    expect(send("GET", server.dataUrl() + "students?limit=25&offset=" + (n % (2 * students - 25)), null, sides.get(side), null), 200);
                    long paged = System.nanoTime();
                    String body = student(side, n, "Put" + i).replaceFirst("\\{", "{\"id\": \"" + ids[side][n] + "\", ");
                    expect(send("PUT", server.dataUrl() + "students/" + ids[side][n], body, sides.get(side), null), 204);
                    long written = System.nanoTime();
                    if (i >= warmUp) {
                        byKey[side][i - warmUp] = queried - start;
                        page[side][i - warmUp] = paged - queried;
                        put[side][i - warmUp] = written - paged;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d students each side; %d rounds measured after %d of warm-up%n", students, measured, warmUp);
            System.out.println("| request | client | p50 | p95 | p99 |");
            System.out.println("|---|---|---:|---:|---:|");
            for (String request : List.of("GET by studentUniqueId", "GET a page of 25", "PUT by id")) {
                long[][] figures = request.startsWith("GET by") ? byKey : request.startsWith("GET a") ? page : put;
                for (int side = 0; side < 2; side++) {
                    Measurement.Percentiles p = Measurement.Percentiles.ofNanos(figures[side]);
                    System.out.printf(Locale.ROOT, "| %s | %s | %.2f ms | %.2f ms | %.2f ms |%n", request,
                            side == 0 ? "no profile" : "through the profile", p.p50(), p.p95(), p.p99());
                }
            }
        }
        System.exit(0);
    }

    private static String uniqueId(int side, int n) {
        return "PB" + side + "-" + n;
    }

    private static String student(int side, int n, String firstName) {
        return "{\"studentUniqueId\": \"" + uniqueId(side, n) + "\", \"firstName\": \"" + firstName + "\", \"middleName\": \"M\","
                + " \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\", \"birthCity\": \"Austin\", \"personalTitlePrefix\": \"Mr\"}";
    }

    private static HttpResponse<String> send(String method, String url, String body, String authorization, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", authorization);
        if (body != null) {
            request.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response;
    }

    private static String token(String base, String id, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = expect(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString()), 200);
        return "Bearer " + MessageCodec.MAPPER.readTree(answer.body()).path("access_token").asText();
    }
}
