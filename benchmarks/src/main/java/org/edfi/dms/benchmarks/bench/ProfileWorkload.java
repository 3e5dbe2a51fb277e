package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.BearerToken;
import org.edfi.dms.runtime.Databases;
import org.jdbi.v3.core.Jdbi;

/**
 * What an API profile costs a read and a write, as an A/B on one server under the same noise: the
 * development client (no profile) and a client whose application is assigned a profile on students
 * (read without birth date, sex and citizenship; written without middle name and personal title,
 * which the processor keeps from the stored document) send the same requests, each side on
 * students of its own, the side that goes first alternating between runs. The profile applies
 * implicitly (the application's one profile covering students), so every read is shaped and every
 * PUT stripped and merged.
 */
final class ProfileWorkload implements Workload {

    private static final List<Integer> CLIENTS = List.of(1, 10);
    /** The most clients: client c writes only the students numbered c modulo this, so concurrent writers never share a student. */
    private static final int WRITERS = 10;
    /** Students per side, a multiple of {@link #WRITERS}. */
    private static final int STUDENTS = 1000;
    private static final String PROFILE_NAME = "Bench-Student";
    private static final String PROFILE = """
            <Profile name="%s">
              <Resource name="Student">
                <ReadContentType memberSelection="ExcludeOnly">
                  <Property name="BirthDate"/><Property name="BirthSexDescriptor"/><Property name="CitizenshipStatusDescriptor"/>
                </ReadContentType>
                <WriteContentType memberSelection="ExcludeOnly"><Property name="MiddleName"/><Property name="PersonalTitlePrefix"/></WriteContentType>
              </Resource>
            </Profile>""".formatted(PROFILE_NAME);
    private static final String NONE = "no profile";
    private static final String PROFILED = "through the profile";

    @Override
    public String id() {
        return "profiles";
    }

    @Override
    public String title() {
        return "Reads and writes through an API profile";
    }

    /** Measured seconds of each request, client count and side: a third of the mix's, so the workload stays a few minutes. */
    private static double seconds(Scale scale) {
        return Math.max(2, scale.mixSeconds() / 3);
    }

    @Override
    public String description(Scale scale) {
        return """
                The same requests from the development client (no profile) and from a client whose application is \
                assigned one profile on students (`%s`: read without `birthDate`, `birthSexDescriptor` and \
                `citizenshipStatusDescriptor`; written without `middleName` and `personalTitlePrefix`, which the \
                processor keeps from the stored document), which applies implicitly: every read is shaped, every PUT \
                stripped and merged. %,d students per side, each side reading and writing its own. At %s clients, \
                back to back for %.0f s each, the side that goes first alternating between runs: a query of one \
                student by `studentUniqueId`, a page of 25 students (`limit=25&offset=n`), and a PUT of a student by \
                id (each client its own students). Figures are p50 latencies. Ceilings, at the same client count: \
                the query as raw SQL (JSONB containment on the store's GIN index), the page as raw SQL (25 rows \
                from the same position, found by key), and the PUT as a raw single-row UPDATE of the same documents, copied to a \
                scratch database, each its own synchronous commit.""".formatted(PROFILE_NAME, STUDENTS, CLIENTS, seconds(scale));
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer()) {
            LoadClient developer = new LoadClient(server::authorization);
            List<LoadClient> sides = List.of(developer, profiledClient(server, developer));
            String[][] ids = seed(server, developer);
            try (HikariDataSource pool = Databases.pool(server.jdbcUrl(), "bench-profiles", CLIENTS.getLast());
                    PostgresCeiling scratch = new PostgresCeiling(server.jdbcUrl())) {
                Jdbi store = Databases.jdbi(pool);
                scratch.copyIn(store.withHandle(h -> h.createQuery("""
                        SELECT edfi_doc::text FROM document WHERE project = 'ed-fi' AND resource = 'students' ORDER BY document_seq LIMIT :n""")
                        .bind("n", STUDENTS).mapTo(String.class).list()));
                // The students' positions in creation order: the ceiling finds a page by key where the API skips an offset.
                long[] sequence = store.withHandle(h -> h.createQuery("""
                        SELECT document_seq FROM document WHERE project = 'ed-fi' AND resource = 'students' ORDER BY document_seq""")
                        .mapTo(Long.class).list()).stream().mapToLong(Long::longValue).toArray();
                CpuMeter cpu = server.cpuMeter();
                // Unmeasured: the shaping and merging paths compile before the first run.
                for (int side = 0; side < 2; side++) {
                    for (Request request : requests(server, sides.get(side), side, ids[side], 0)) {
                        Load.closedLoop(CLIENTS.getLast(), 3, (c, i) -> request.send().send(c, i));
                    }
                }
                for (int run = 1; run <= context.scale().runs(); run++) {
                    for (int clients : CLIENTS) {
                        figures.addAll(once(context.scale(), server, cpu, store, scratch, sides, ids, sequence, clients, run));
                    }
                }
            }
        }
        return figures;
    }

    private List<Measurement> once(Scale scale, ServerProcess server, CpuMeter cpu, Jdbi store, PostgresCeiling scratch, List<LoadClient> sides,
            String[][] ids, long[] sequence, int clients, int run) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        double seconds = seconds(scale);
        String at = clients + (clients == 1 ? " client" : " clients");
        List<String> ceilings = List.of("ceiling: raw SQL query by studentUniqueId, " + at, "ceiling: raw SQL page of 25 students, " + at,
                "ceiling: raw SQL UPDATE of a student, " + at);
        // Odd runs start without the profile, even runs through it: both sides meet the same noise.
        for (int turn = 0; turn < 2; turn++) {
            int side = (run + 1 + turn) % 2;
            List<Request> requests = requests(server, sides.get(side), side, ids[side], run);
            for (int r = 0; r < requests.size(); r++) {
                Request request = requests.get(r);
                Timed<Load.Outcome> outcome = cpu.measure(() -> Load.closedLoop(clients, seconds, request.send()));
                figures.add(Measurement.of(id(), run, request.name() + ", " + at + ", " + (side == 0 ? NONE : PROFILED), Unit.MILLISECONDS,
                        outcome.result().percentiles().p50(), Optional.of(outcome.result().percentiles()), outcome.result().errors(), outcome.cpu(),
                        ceilings.get(r)));
            }
        }
        List<Load.Request> raw = List.of(
                (c, i) -> store.withHandle(h -> h.createQuery("""
                                SELECT edfi_doc::text FROM document WHERE project = 'ed-fi' AND resource = 'students' AND edfi_doc @> CAST(:filter AS jsonb)""")
                        .bind("filter", "{\"studentUniqueId\": " + MessageCodec.encodeToString(uniqueId(0, ThreadLocalRandom.current().nextInt(STUDENTS))) + "}")
                        .mapTo(String.class).list()).size() == 1,
                (c, i) -> store.withHandle(h -> h.createQuery("""
                                SELECT document_id::text, edfi_doc::text, etag, last_modified FROM document
                                WHERE project = 'ed-fi' AND resource = 'students' AND document_seq >= :from ORDER BY document_seq LIMIT 25""")
                        .bind("from", sequence[pageOffset()]).mapToMap().list()).size() == 25,
                scratch.singleRowUpdates(clients, (c, i) -> {
                    int row = student(c, i);
                    return new PostgresCeiling.Row(row, student(0, row, "Raw" + run + "-" + i, ids[0][row]));
                }));
        for (int r = 0; r < raw.size(); r++) {
            Load.Request request = raw.get(r);
            Timed<Load.Outcome> outcome = cpu.measure(() -> Load.closedLoop(clients, seconds, request));
            figures.add(Measurement.ceiling(id(), run, ceilings.get(r), Unit.MILLISECONDS, outcome.result().percentiles().p50(),
                    Optional.of(outcome.result().percentiles()), outcome.cpu()));
        }
        return figures;
    }

    /** One kind of request, sent by a closed loop. */
    private record Request(String name, Load.Request send) {}

    /** A side's three requests; client {@code c} writes only the students numbered c modulo {@link #WRITERS}. */
    private static List<Request> requests(ServerProcess server, LoadClient client, int side, String[] ids, int run) {
        String data = server.dataUrl();
        return List.of(
                new Request("query by studentUniqueId", (c, i) -> client.get(data + "students", "studentUniqueId",
                        uniqueId(side, ThreadLocalRandom.current().nextInt(STUDENTS))).ok()),
                new Request("page of 25 students", (c, i) -> client.get(data + "students", "limit", "25", "offset",
                        Integer.toString(pageOffset())).ok()),
                new Request("PUT a student", (c, i) -> {
                    int n = student(c, i);
                    return client.put(data + "students/" + ids[n], student(side, n, "Put" + run + "-" + i, ids[n])).status() == 204;
                }));
    }

    /** The student a client's {@code i}-th write touches: client c cycles through the students numbered c modulo {@link #WRITERS}. */
    private static int student(int client, long i) {
        return (int) ((client + (long) WRITERS * i) % STUDENTS);
    }

    /** A page somewhere among both sides' students. */
    private static int pageOffset() {
        return ThreadLocalRandom.current().nextInt(2 * STUDENTS - 25);
    }

    /** Both sides' students, created through the API by the development client on as many connections as the most clients: their resource ids by side. */
    private static String[][] seed(ServerProcess server, LoadClient developer) throws InterruptedException {
        String[][] ids = new String[2][STUDENTS];
        List<Thread> writers = new ArrayList<>();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int k = writer; k < 2 * STUDENTS; k += WRITERS) {
                        int side = k / STUDENTS;
                        int n = k % STUDENTS;
                        ids[side][n] = developer.post(server.dataUrl() + "students", student(side, n, "First", null)).expectOk("seeding a student")
                                .id().orElseThrow();
                    }
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return ids;
    }

    /** The profile, and a vendor, application (full access, assigned the profile) and client, through the admin API. */
    private static LoadClient profiledClient(ServerProcess server, LoadClient admin) throws IOException {
        String base = server.baseUrl();
        admin.postAs(base + "/admin/profiles", "application/xml", PROFILE).expectOk("importing the profile");
        admin.post(base + "/admin/vendors", "{\"name\": \"Bench profiles\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}").expectOk("creating a vendor");
        admin.post(base + "/admin/applications", "{\"vendor\": \"Bench profiles\", \"name\": \"Profiled\", \"claimSet\": \"full-access\","
                + " \"profiles\": [\"" + PROFILE_NAME + "\"]}").expectOk("creating an application");
        JsonNode client = MessageCodec.MAPPER.readTree(admin.postForBody(base + "/admin/clients",
                "{\"vendor\": \"Bench profiles\", \"application\": \"Profiled\", \"instances\": [\"default/default\"]}"));
        BearerToken token = BearerToken.of(WebClient.create(), base, client.path("clientId").asText(), client.path("clientSecret").asText());
        return new LoadClient(() -> {
            try {
                return token.header();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String uniqueId(int side, int n) {
        return "PB" + side + "-" + n;
    }

    /** A student with every member the profile hides from readers or writers; with its resource id when given (a PUT's body). */
    private static String student(int side, int n, String firstName, String id) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"studentUniqueId\": \"" + uniqueId(side, n) + "\", \"firstName\": \""
                + firstName + "\", \"middleName\": \"M\", \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\", \"birthCity\": \"Austin\","
                + " \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\", \"personalTitlePrefix\": \"Mr\"}";
    }
}
