package org.edfi.dms.benchmarks.bench;

import java.nio.file.Path;
import java.util.List;
import org.edfi.dms.schema.ApiSchema;

/** One workload of the report: it starts what it measures, runs it once per call, and answers its figures with their ceilings. */
interface Workload {

    /**
     * Where a workload runs: the project (for {@code dms.jar}), a scratch directory, the Data
     * Standard, the sizes, the server JVM's options, and where the servers' profiles go (null when
     * the bench does not profile, {@code --profile}).
     */
    record Context(Path home, Path work, ApiSchema schema, Path dataStandard, Scale scale, List<String> serverJvmOptions, Path profiles) {

        /**
         * Starts a server and warms it: a JVM fresh from start-up spends more than a core for minutes
         * compiling (a first measurement ran at a quarter of the warm rate), which is not what a
         * server in service does. The warm-up seeds the school and its descriptors ({@link Seed#school})
         * and then creates and reads schools, so the resources a workload measures stay as it left them.
         */
        ServerProcess startServer() throws Exception {
            return startServer(java.util.Map.of());
        }

        /** The same, with {@code environment} added to the server's ({@code DMS_*} settings). */
        ServerProcess startServer(java.util.Map<String, String> environment) throws Exception {
            ServerProcess server = ServerProcess.start(home, work, serverJvmOptions, environment, profiles);
            Seed.warmUp(server, scale.warmUpSeconds());
            return server;
        }
    }

    /** Short name: the report section, the chart files and {@code --only}. */
    String id();

    /** The section title. */
    String title();

    /** What is measured and against which ceiling, in Markdown, for the report. */
    String description(Scale scale);

    /** Every run ({@code context.scale().runs()}): each figure and each ceiling, numbered by run. */
    List<Measurement> run(Context context) throws Exception;

    /** Charts beyond the report's usual ones (throughput and latency per figure), written under {@code dir}; answers their file names. */
    default List<String> extraCharts(List<Summary> rows, Path dir) throws Exception {
        return List.of();
    }
}
