package org.edfi.dms.benchmarks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.edfi.dms.schema.ApiSchemaLoader;

/**
 * {@code bin/dms bench}: runs the report's workloads against {@code dms run} on this machine, each
 * beside its ceilings in the same run, repeated, and writes the report with its charts.
 *
 * <pre>
 * bin/dms bench                 short run (a few minutes): target/bench/benchmarks.md and charts
 * bin/dms bench --full          the report's sizes: docs/benchmarks.md and docs/benchmarks/*.png
 * options: --runs N (repetitions), --only serial,mix,hot,sample,generated,paging,authorization,profiles,waterfall, --out FILE,
 *          --server-jvm "OPTIONS" (the server JVM's options instead of -Xmx1g, for trying settings),
 *          --profile (async-profiler on the server: flame graphs and CPU by part of the first run's phases, beside the report),
 *          --generated-scale N (the generated data set's scale instead of the run's)
 * </pre>
 */
public final class Bench {

    private Bench() {}

    /** Every workload, in report order. */
    static List<Workload> workloads() {
        return List.of(new SerialWorkload(), new MixWorkload(), new HotReferencesWorkload(), new BulkLoadWorkload(BulkLoadWorkload.Data.SAMPLE),
                new BulkLoadWorkload(BulkLoadWorkload.Data.GENERATED), new DeepPagingWorkload(), new AuthorizationWorkload(),
                new ProfileWorkload(), new WaterfallWorkload());
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // Helidon's start and stop lines of each ceiling server
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        Scale scale = Scale.SHORT;
        List<String> only = List.of();
        Path out = null;
        List<String> serverJvm = ServerProcess.DEFAULT_JVM_OPTIONS;
        boolean profile = false;
        Integer generatedScale = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> scale = Scale.FULL;
                case "--short" -> scale = Scale.SHORT;
                case "--runs" -> scale = scale.withRuns(Integer.parseInt(args[++i]));
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--profile" -> profile = true;
                case "--generated-scale" -> generatedScale = Integer.parseInt(args[++i]);
                case "--server-jvm" -> serverJvm = Arrays.stream(args[++i].split(" ")).filter(o -> !o.isBlank()).toList();
                default -> {
                    System.err.println("Usage: dms bench [--full] [--runs N] [--only serial,mix,hot,sample,generated,paging,authorization,profiles,waterfall] [--out FILE] [--server-jvm \"OPTIONS\"] [--profile] [--generated-scale N]");
                    System.exit(2);
                }
            }
        }
        Path report = out != null ? out : scale.name().equals("full") ? home.resolve("docs/benchmarks.md")
                : home.resolve("target/bench/benchmarks.md");
        if (generatedScale != null) {
            scale = scale.withGeneratedScale(generatedScale);
        }
        // Profiles go beside the report's charts: docs/benchmarks/profiles/ for --full.
        Path profiles = profile ? report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "")).resolve("profiles") : null;
        Path dataStandard = home.resolve("../shared/edfi/ds-5.0").normalize();
        Path work = Files.createTempDirectory("dms-bench");
        Workload.Context context = new Workload.Context(home, work, ApiSchemaLoader.load(dataStandard.resolve("ApiSchema.json")), dataStandard, scale,
                serverJvm, profiles);
        String machine = Report.machine(serverJvm);
        List<Workload> all = workloads();
        for (Workload workload : all) {
            if (!only.isEmpty() && !only.contains(workload.id())) {
                continue;
            }
            long start = System.nanoTime();
            List<Measurement> measurements = workload.run(context);
            System.out.printf(Locale.ROOT, "%s: %d run%s in %.0f s%n", workload.id(), scale.runs(), scale.runs() == 1 ? "" : "s",
                    (System.nanoTime() - start) / 1e9);
            measurements.forEach(m -> System.out.printf(Locale.ROOT, "  run %d  %-70s %12s %s%n", m.run(), m.figure(), Report.number(m.value()),
                    m.unit().symbol));
            new Report(report, all.stream().map(Workload::id).toList()).write(workload, scale, Summary.of(measurements), machine);
            System.out.println("wrote the " + workload.id() + " section of " + report);
        }
        System.exit(0); // Kafka clients and Helidon leave non-daemon threads behind
    }
}
