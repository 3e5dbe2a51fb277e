package org.edfi.dms.benchmarks.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Kind;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;

/**
 * Closed-loop volume: clients each sending a mix of creates, updates, reads and queries over
 * students, student school associations and sections, back to back, at increasing client counts
 * until throughput stops rising (the knee).
 */
final class MixWorkload implements Workload {

    /** The mix, in percent of requests. */
    private static final int CREATE_STUDENT = 20, CREATE_ASSOCIATION = 15, CREATE_SECTION = 10, UPDATE_STUDENT = 15, READ_BY_ID = 25;
    // The remaining 15%: a query by studentUniqueId.

    @Override
    public String id() {
        return "mix";
    }

    @Override
    public String title() {
        return "Closed-loop volume";
    }

    @Override
    public String description(Scale scale) {
        return """
                Clients each send requests back to back for %.0f s per client count: 20%% create a student, 15%% \
                enroll one of the client's students in the school (a student school association), 10%% create a \
                section (referring to a course offering), 15%% update one of the client's students (PUT), 25%% read \
                one by id, 15%% query one by `studentUniqueId`; a request waits for the one before it. Client \
                counts %s, doubling further while throughput still rises by a tenth (the knee is where it \
                stops). Errors are answers other than 2xx. The server JVM's resident memory (the embedded broker, \
                Connect and the roles; PostgreSQL apart) is read from /proc after each run: its peak since start and \
                its size then. Ceiling: the same mix from the same generator against \
                a static HTTP endpoint in the generator's JVM, at the same client count.""".formatted(scale.mixSeconds(), scale.mixClients());
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer(); StaticServer ceiling = new StaticServer()) {
            CpuMeter cpu = server.cpuMeter();
            LoadClient api = new LoadClient(server::authorization);
            Seed.courseOffering(api, server.dataUrl());
            // The first run finds the knee; the later ones measure the same client counts.
            List<Integer> counts = new ArrayList<>(context.scale().mixClients());
            for (int run = 1; run <= context.scale().runs(); run++) {
                figures.addAll(once(api, cpu, server, ceiling, counts, context.scale().mixSeconds(), run));
            }
        }
        return figures;
    }

    private List<Measurement> once(LoadClient api, CpuMeter cpu, ServerProcess server, StaticServer ceiling, List<Integer> counts, double seconds,
            int run) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < counts.size(); i++) {
            int clients = counts.get(i);
            String prefix = "R" + run + "C" + clients;
            Timed<Load.Outcome> system = cpu.profiled(run == 1 ? "mix-" + clients + "-clients" : null, "request", o -> o.latencies().length,
                    () -> mix(api, server.dataUrl(), clients, seconds, prefix));
            Timed<Load.Outcome> bare = cpu.measure(() -> mix(api, ceiling.dataUrl(), clients, seconds, prefix));
            String ceilingName = "ceiling: static HTTP, the same mix, " + clients + " clients";
            figures.add(Measurement.of(id(), run, clients + " clients", Unit.PER_SECOND, system.result().perSecond(),
                    Optional.of(system.result().percentiles()), system.result().errors(), system.cpu(), ceilingName));
            figures.add(Measurement.ceiling(id(), run, ceilingName, Unit.PER_SECOND, bare.result().perSecond(), Optional.of(bare.result().percentiles()),
                    bare.cpu()));
            double rate = system.result().perSecond();
            if (run == 1 && i == counts.size() - 1 && rate > previous * 1.1 && clients < 160) {
                counts.add(clients * 2); // still rising: the knee is further on
            }
            previous = rate;
        }
        // What the server holds under the mix: one JVM with the embedded broker, Connect and the roles.
        figures.add(Measurement.unbounded(id(), run, "server JVM resident memory, peak since start", Unit.MEGABYTES, server.residentMegabytes(true)));
        figures.add(Measurement.unbounded(id(), run, "server JVM resident memory, after the last client count", Unit.MEGABYTES,
                server.residentMegabytes(false)));
        return figures;
    }

    /** {@code clients} clients sending the mix to {@code dataUrl} for {@code seconds}. */
    private static Load.Outcome mix(LoadClient api, String dataUrl, int clients, double seconds, String prefix) throws InterruptedException {
        return mix(api, dataUrl, clients, seconds, prefix, false);
    }

    /**
     * The same, where with {@code enrolledOnly} a client updates, reads and queries only the students
     * it has enrolled: what a client limited by relationships can reach (a new student is reached once
     * enrolled), so that its mix and an unlimited client's ask the same.
     */
    static Load.Outcome mix(LoadClient api, String dataUrl, int clients, double seconds, String prefix, boolean enrolledOnly)
            throws InterruptedException {
        List<ClientState> states = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            states.add(new ClientState(new Random(c), new ArrayList<>(), new ArrayList<>(), prefix + "-" + c + "-", enrolledOnly));
        }
        return Load.closedLoop(clients, seconds, (client, i) -> states.get(client).next(api, dataUrl, i));
    }

    /** A student a client created: its resource id and its unique id. */
    private record Student(String id, String uniqueId) {}

    /** A client's students (those it may use), those not yet enrolled, and its random choice of request. */
    private record ClientState(Random random, List<Student> students, List<Student> unenrolled, String prefix, boolean enrolledOnly) {

        boolean next(LoadClient api, String dataUrl, long i) {
            int dice = random.nextInt(100);
            if ((students.isEmpty() && unenrolled.isEmpty()) || dice < CREATE_STUDENT) {
                String uniqueId = prefix + i;
                LoadClient.Answer created = api.post(dataUrl + "students", Seed.student(uniqueId, "Lisa"));
                created.id().ifPresent(id -> {
                    Student student = new Student(id, uniqueId);
                    unenrolled.add(student);
                    if (!enrolledOnly) {
                        students.add(student);
                    }
                });
                return created.ok();
            }
            dice -= CREATE_STUDENT;
            if (students.isEmpty() || dice < CREATE_ASSOCIATION) {
                boolean fresh = !unenrolled.isEmpty();
                Student enrolled = fresh ? unenrolled.removeLast() : students.get(random.nextInt(students.size()));
                boolean ok = api.post(dataUrl + "studentSchoolAssociations", Seed.studentSchoolAssociation(enrolled.uniqueId())).ok();
                if (ok && fresh && enrolledOnly) {
                    students.add(enrolled);
                }
                return ok;
            }
            Student student = students.get(random.nextInt(students.size()));
            if ((dice -= CREATE_ASSOCIATION) < CREATE_SECTION) {
                return api.post(dataUrl + "sections", Seed.section(prefix + "S" + i)).ok();
            }
            if ((dice -= CREATE_SECTION) < UPDATE_STUDENT) {
                return api.put(dataUrl + "students/" + student.id(), Seed.student(student.id(), student.uniqueId(), "Lisa " + i)).ok();
            }
            if ((dice -= UPDATE_STUDENT) < READ_BY_ID) {
                return api.get(dataUrl + "students/" + student.id()).ok();
            }
            return api.get(dataUrl + "students", "studentUniqueId", student.uniqueId()).ok();
        }
    }

    /** Requests per second and p99 over client counts, the system beside its ceiling. */
    @Override
    public List<String> extraCharts(List<Summary> rows, Path dir) throws Exception {
        List<double[]> system = new ArrayList<>();
        List<double[]> bare = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (Summary row : rows) {
            if (row.unit() != Unit.PER_SECOND) {
                continue; // the server's memory
            }
            double clients = Double.parseDouble(row.figure().replaceAll("\\D+", " ").trim().split(" ")[0]);
            (row.kind() == Kind.SYSTEM ? system : bare).add(new double[] {clients, row.median()});
            if (row.kind() == Kind.SYSTEM) {
                row.latency().ifPresent(l -> p99.add(new double[] {clients, l.p99()}));
            }
        }
        Charts.curves(dir.resolve("mix-clients.png"), "Closed-loop volume: requests/s by clients", "clients", "requests/s",
                List.of(new Charts.Series("system", system), new Charts.Series("ceiling: static HTTP", bare)));
        Charts.curves(dir.resolve("mix-p99.png"), "Closed-loop volume: p99 latency by clients", "clients", "ms",
                List.of(new Charts.Series("system p99", p99)));
        return List.of("mix-clients.png", "mix-p99.png");
    }
}
