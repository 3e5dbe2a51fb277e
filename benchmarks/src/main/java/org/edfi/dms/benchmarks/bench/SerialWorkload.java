package org.edfi.dms.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;

/**
 * Serial create and read, as the Ed-Fi DMS and ODS/API were compared: one client, one request at
 * a time, creates N students and N student school associations, then reads each student by id, by
 * query on its unique id, and all of them in pages of 500.
 */
final class SerialWorkload implements Workload {

    private static final String INSERT = "ceiling: PostgreSQL single-row JSONB INSERT, synchronous commit";
    private static final String INSERTS_TIME = "ceiling: the same number of single-row INSERTs, wall time";
    private static final String STATIC_GET = "ceiling: static HTTP GET, one at a time";
    private static final String KEYSET = "ceiling: the same pages by keyset SQL";

    @Override
    public String id() {
        return "serial";
    }

    @Override
    public String title() {
        return "Serial create and read";
    }

    @Override
    public String description(Scale scale) {
        return """
                One client, one request at a time: creates %,d students, then %,d student school associations \
                (each referring to its student and the school), then reads each student by id, by query \
                (`studentUniqueId`), and all of them with `limit=500` (the runs share one server: each run reads its own students, the \
                pages after the earlier runs'). For reference, on other hardware the \
                ODS/API 7.1 took 1,297 s and the Ed-Fi DMS 298 s for the 19,998 creates. Ceilings: single-row \
                JSONB INSERTs into PostgreSQL with synchronous commit on the same server (for creates: what a \
                store that makes each write durable cannot beat), a static HTTP endpoint in the load generator's \
                JVM answering a student document (for reads by id and query), and the same pages read by keyset \
                SQL (for the pages).""".formatted(scale.serialCount(), scale.serialCount());
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer(); StaticServer ceiling = new StaticServer()) {
            for (int run = 1; run <= context.scale().runs(); run++) {
                figures.addAll(once(server, ceiling, context.scale().serialCount(), run));
            }
        }
        return figures;
    }

    /** One run on a server that earlier runs used: students of run r are the r-th n created. */
    private List<Measurement> once(ServerProcess server, StaticServer ceiling, int n, int run) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        String prefix = "R" + run + "S";
        long skipped = (long) (run - 1) * n;
        CpuMeter cpu = server.cpuMeter();
        LoadClient api = new LoadClient(server::authorization);
        String data = server.dataUrl();

        String[] ids = new String[n];
        Timed<Load.Outcome> students = cpu.profiled(run == 1 ? "serial-create-students" : null, "create", o -> o.latencies().length,
                () -> Load.serial(n, (c, i) -> {
            LoadClient.Answer created = api.post(data + "students", Seed.student(prefix + i, "Lisa"));
            created.id().ifPresent(id -> ids[(int) i] = id);
            return created.status() == 201;
        }));
        Timed<Load.Outcome> associations = cpu.measure(() -> Load.serial(n, (c, i) ->
                api.post(data + "studentSchoolAssociations", Seed.studentSchoolAssociation(prefix + i)).status() == 201));
        Timed<Load.Outcome> byId = cpu.measure(() -> Load.serial(n, (c, i) -> api.get(data + "students/" + ids[(int) i]).status() == 200));
        Timed<Load.Outcome> byQuery = cpu.measure(() -> Load.serial(n, (c, i) -> api.get(data + "students", "studentUniqueId", prefix + i).status() == 200));
        int pages = (n + 499) / 500;
        Timed<Load.Outcome> allPages = cpu.measure(() -> Load.serial(pages, (c, page) ->
                api.get(data + "students", "limit", "500", "offset", Long.toString(skipped + page * 500)).status() == 200));

        LoadClient staticApi = new LoadClient(server::authorization);
        Timed<Load.Outcome> staticGet = cpu.measure(() -> Load.serial(n, (c, i) -> staticApi.get(ceiling.dataUrl() + "students/x").ok()));
        Timed<Load.Outcome> keyset = cpu.measure(() -> PostgresCeiling.keysetPages(server.jdbcUrl(), "students", skipped, 500, pages, false));
        Timed<Load.Outcome> inserts;
        try (PostgresCeiling postgres = new PostgresCeiling(server.jdbcUrl())) {
            inserts = cpu.measure(() -> postgres.singleRowInserts(2 * n, i -> Seed.student(prefix + i, "Lisa")));
        }

        figures.add(rate(run, "create a student", students, INSERT));
        figures.add(rate(run, "create a student school association", associations, INSERT));
        figures.add(Measurement.of(id(), run, "all %,d creates, wall time".formatted(2 * n), Unit.SECONDS, students.seconds() + associations.seconds(),
                Optional.empty(), students.result().errors() + associations.result().errors(), average(students, associations), INSERTS_TIME));
        figures.add(rate(run, "read a student by id", byId, STATIC_GET));
        figures.add(rate(run, "read a student by query", byQuery, STATIC_GET));
        figures.add(Measurement.of(id(), run, "read all students in pages of 500, wall time", Unit.SECONDS, allPages.result().seconds(),
                Optional.of(allPages.result().percentiles()), allPages.result().errors(), allPages.cpu(), KEYSET));
        figures.add(ceilingRate(run, INSERT, inserts));
        figures.add(Measurement.ceiling(id(), run, INSERTS_TIME, Unit.SECONDS, inserts.result().seconds(), Optional.empty(), inserts.cpu()));
        figures.add(ceilingRate(run, STATIC_GET, staticGet));
        figures.add(Measurement.ceiling(id(), run, KEYSET, Unit.SECONDS, keyset.result().seconds(), Optional.of(keyset.result().percentiles()),
                keyset.cpu()));
        return figures;
    }

    private Measurement rate(int run, String figure, Timed<Load.Outcome> timed, String ceiling) {
        Load.Outcome outcome = timed.result();
        return Measurement.of(id(), run, figure, Unit.PER_SECOND, outcome.perSecond(), Optional.of(outcome.percentiles()), outcome.errors(),
                timed.cpu(), ceiling);
    }

    private Measurement ceilingRate(int run, String figure, Timed<Load.Outcome> timed) {
        return Measurement.ceiling(id(), run, figure, Unit.PER_SECOND, timed.result().perSecond(), Optional.of(timed.result().percentiles()),
                timed.cpu());
    }

    /** The cores used over two phases together, weighted by their wall times. */
    private static Cpu average(Timed<?> a, Timed<?> b) {
        double total = a.seconds() + b.seconds();
        return new Cpu((a.cpu().server() * a.seconds() + b.cpu().server() * b.seconds()) / total,
                (a.cpu().postgres() * a.seconds() + b.cpu().postgres() * b.seconds()) / total,
                (a.cpu().generator() * a.seconds() + b.cpu().generator() * b.seconds()) / total);
    }
}
