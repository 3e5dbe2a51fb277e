package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.BearerToken;
import org.edfi.dms.loader.BulkLoader;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadReport;
import org.edfi.dms.loader.RejectLog;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.Scenario;
import org.edfi.dms.runtime.Databases;
import org.jdbi.v3.core.Jdbi;

/**
 * The cost of relationship-based authorization on reads: the same requests from the development
 * client (full-access, NoFurtherAuthorizationRequired) and from a client of the Ed-Fi SISVendor
 * claim set (RelationshipsWithEdOrgsAndPeople on students) given ten schools of 100, over 100 schools
 * and as many students, each enrolled in one school, loaded over Kafka.
 */
final class AuthorizationWorkload implements Workload {

    private static final int READERS = 4;
    private static final int MIX_CLIENTS = 10;
    private static final String LIMITED = "SISVendor given 10 schools";

    @Override
    public String id() {
        return "authorization";
    }

    @Override
    public String title() {
        return "Cost of relationship-based authorization";
    }

    private static int students(Scale scale) {
        return Math.max(10_000, scale.generatedScale());
    }

    @Override
    public String description(Scale scale) {
        return """
                %,d students, each enrolled in one of 100 schools (`dms generate` with a scenario of 100 schools, 10 LEAs, \
                students and their enrollments, loaded over Kafka). The same requests from the development client (full-access: \
                NoFurtherAuthorizationRequired) and from a client of the Ed-Fi SISVendor claim set (students under \
                RelationshipsWithEdOrgsAndPeople, student school associations under RelationshipsWithEdOrgsOnly) given \
                ten of the schools and the benchmark's own, so about a tenth of the students. %d clients back to back for \
                %.0f s each: a query by `studentUniqueId` of a student both reach, a GET by id of one, the first page \
                (25) of students and of student school associations; then the closed-loop mix at %d clients, where \
                each client updates, reads and queries only students it has enrolled (so both clients ask the same). \
                Figures are p50 latencies. Ceiling: the query by `studentUniqueId` as raw SQL (JSONB containment on \
                the store's GIN index), %d JDBC clients.""".formatted(students(scale), READERS, scale.mixSeconds(), MIX_CLIENTS, READERS);
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        Path data = generate(context);
        try (ServerProcess server = context.startServer(); StaticServer staticServer = new StaticServer()) {
            load(context, server, data);
            LoadClient full = new LoadClient(server::authorization);
            Seed.courseOffering(full, server.dataUrl());
            try (HikariDataSource pool = Databases.pool(server.jdbcUrl(), "bench-authorization", READERS)) {
                Jdbi store = Databases.jdbi(pool);
                List<Long> schools = new ArrayList<>(store.withHandle(h -> h.createQuery("""
                        SELECT education_organization_ids[1] FROM document WHERE resource = 'schools' ORDER BY 1 LIMIT 10""")
                        .mapTo(Long.class).list()));
                List<String[]> reached = reachedStudents(store, schools);
                schools.add(Seed.SCHOOL_ID);
                LoadClient limited = limitedClient(server, full, schools);
                CpuMeter cpu = server.cpuMeter();
                for (int run = 1; run <= context.scale().runs(); run++) {
                    figures.addAll(once(context.scale(), server, staticServer, cpu, store, full, limited, reached, run));
                }
            }
        }
        return figures;
    }

    private List<Measurement> once(Scale scale, ServerProcess server, StaticServer staticServer, CpuMeter cpu, Jdbi store, LoadClient full,
            LoadClient limited, List<String[]> reached, int run) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        String ceiling = "ceiling: raw SQL, the query by studentUniqueId";
        String data = server.dataUrl();
        double seconds = scale.mixSeconds();
        for (LoadClient client : List.of(full, limited)) {
            String who = client == full ? "full access" : LIMITED;
            Random random = new Random(run);
            List<Request> requests = List.of(
                    new Request("query by studentUniqueId", () -> client.get(data + "students", "studentUniqueId",
                            reached.get(random.nextInt(reached.size()))[1]).ok()),
                    new Request("GET by id", () -> client.get(data + "students/" + reached.get(random.nextInt(reached.size()))[0]).ok()),
                    new Request("first page of 25 students", () -> client.get(data + "students", "limit", "25").ok()),
                    new Request("first page of 25 student school associations", () -> client.get(data + "studentSchoolAssociations", "limit", "25").ok()));
            for (Request request : requests) {
                Timed<Load.Outcome> outcome = cpu.measure(() -> Load.closedLoop(READERS, seconds, (c, i) -> request.send().get()));
                figures.add(Measurement.of(id(), run, request.name() + ", " + who, Unit.MILLISECONDS, outcome.result().percentiles().p50(),
                        Optional.of(outcome.result().percentiles()), outcome.result().errors(), outcome.cpu(), ceiling));
            }
            Timed<Load.Outcome> mix = cpu.measure(() -> MixWorkload.mix(client, data, MIX_CLIENTS, seconds, "A" + run + (client == full ? "F" : "L"),
                    true));
            figures.add(Measurement.of(id(), run, "mix at " + MIX_CLIENTS + " clients, " + who, Unit.MILLISECONDS, mix.result().percentiles().p50(),
                    Optional.of(mix.result().percentiles()), mix.result().errors(), mix.cpu(), ceiling));
        }
        Random random = new Random(run);
        Timed<Load.Outcome> raw = cpu.measure(() -> Load.closedLoop(READERS, seconds, (c, i) -> store.withHandle(h -> h.createQuery("""
                        SELECT edfi_doc::text FROM document WHERE project = 'ed-fi' AND resource = 'students' AND edfi_doc @> CAST(:filter AS jsonb)""")
                .bind("filter", "{\"studentUniqueId\": " + MessageCodec.encodeToString(reached.get(random.nextInt(reached.size()))[1]) + "}")
                .mapTo(String.class).list()).size() == 1));
        figures.add(Measurement.ceiling(id(), run, ceiling, Unit.MILLISECONDS, raw.result().percentiles().p50(), Optional.of(raw.result().percentiles()),
                raw.cpu()));
        return figures;
    }

    /** One kind of request, sent by a closed loop. */
    private record Request(String name, Supplier<Boolean> send) {}

    /** The scenario: 10 LEAs, 100 schools, and per unit of scale a student and its enrollment. */
    private static Path generate(Context context) throws IOException {
        Path data = context.work().resolve("authorization-" + students(context.scale()));
        Scenario scenario = Scenario.parse("authorization", """
                codeValuesPerDescriptor = 4
                addedResourceCount = 2
                firstDate = 2024-08-19
                lastDate = 2025-06-13
                ed-fi/localEducationAgencies = 10 fixed
                ed-fi/schools = 100 fixed
                ed-fi/students = 1
                ed-fi/studentSchoolAssociations = 1
                """);
        new DataGenerator(context.schema(), scenario, students(context.scale()), 1).generate(data, written -> { });
        return data;
    }

    private static void load(Context context, ServerProcess server, Path data) throws Exception {
        List<Path> files;
        try (Stream<Path> found = Files.list(data)) {
            files = found.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        LoadReport report = new LoadReport();
        try (KafkaTransport transport = new KafkaTransport(server.bootstrapServers(), InstanceId.DEFAULT);
                RejectLog rejects = RejectLog.to(Optional.empty())) {
            new BulkLoader(context.schema(), transport, rejects, report, BulkLoadWorkload.KAFKA_IN_FLIGHT).load(files);
        }
        if (report.rejectedTotal() > 0) {
            throw new IllegalStateException(report.rejectedTotal() + " generated documents were refused");
        }
        StoredDocuments.awaitAtLeast(server.jdbcUrl(), report.counts().values().stream().mapToLong(LoadReport.Counts::created).sum());
    }

    /** A new vendor, application (SISVendor, given {@code educationOrganizationIds}) and client, through the admin API. */
    private static LoadClient limitedClient(ServerProcess server, LoadClient admin, List<Long> educationOrganizationIds) throws IOException {
        String base = server.baseUrl();
        admin.post(base + "/admin/vendors", "{\"name\": \"Bench vendor\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}").expectOk("creating a vendor");
        admin.post(base + "/admin/applications", "{\"vendor\": \"Bench vendor\", \"name\": \"Bench SIS\", \"claimSet\": \"SISVendor\","
                + " \"educationOrganizationIds\": " + MessageCodec.encodeToString(educationOrganizationIds) + "}").expectOk("creating an application");
        JsonNode client = MessageCodec.MAPPER.readTree(admin.postForBody(base + "/admin/clients",
                "{\"vendor\": \"Bench vendor\", \"application\": \"Bench SIS\", \"instances\": [\"default/default\"]}"));
        BearerToken token = BearerToken.of(WebClient.create(), base, client.path("clientId").asText(), client.path("clientSecret").asText());
        return new LoadClient(() -> {
            try {
                return token.header();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Up to 2,000 students enrolled in one of the schools: their resource ids and unique ids. */
    private static List<String[]> reachedStudents(Jdbi store, List<Long> schools) {
        return store.withHandle(h -> h.createQuery("""
                        SELECT d.document_id::text, d.edfi_doc->>'studentUniqueId' FROM document d
                        WHERE d.resource = 'students' AND EXISTS (SELECT 1 FROM enrollment e
                            WHERE e.person = ANY(d.people) AND e.education_organization_id = ANY(CAST(:schools AS bigint[])))
                        LIMIT 2000""")
                .bind("schools", schools.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .list());
    }
}
