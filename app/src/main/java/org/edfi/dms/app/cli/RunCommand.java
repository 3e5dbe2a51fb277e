package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.edfi.dms.app.EmbeddedStack;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/** {@code dms run}: the whole system in one JVM, until stopped. */
public final class RunCommand implements Command {

    private final Path defaultSchema;
    private final Path defaultDataDir;

    public RunCommand(Path defaultSchema, Path defaultDataDir) {
        this.defaultSchema = defaultSchema;
        this.defaultDataDir = defaultDataDir;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "Run everything in one JVM: Kafka, PostgreSQL, the processor, the sink and the HTTP API";
    }

    @Override
    public String usage() {
        return """
                Usage: dms run [--port N] [--host HOST] [--data-dir DIR] [--api-schema FILE]...

                Starts the embedded default in this JVM: an Apache Kafka broker (KRaft) and PostgreSQL on
                127.0.0.1, the integrity processor and store-sink of the default instance, and the Ed-Fi
                API over HTTP. Data is kept in the data directory between runs. Stop it with Ctrl-C
                (SIGTERM): requests in flight finish and the processor commits before it exits.

                Served so far: GET, POST, PUT and DELETE on /data/{project}/{resource}[/{id}] (and
                /data/v3/...), with read-your-writes.

                Options:
                  --port N           HTTP port (default 8080; 0 picks a free one)
                  --host HOST        address to listen on (default 127.0.0.1)
                  --data-dir DIR     where Kafka, PostgreSQL and the processor keep their data (default %s)
                  --api-schema FILE  an ApiSchema file; repeat for extensions (default %s)
                """.formatted(defaultDataDir, defaultSchema);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        int port = 8080;
        String host = "127.0.0.1";
        Path dataDir = defaultDataDir;
        List<Path> schemas = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                err.println("run: " + option + " needs a value\n\n" + usage());
                return USAGE;
            }
            String value = args.get(++i);
            switch (option) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        err.println("run: --port takes a number, not " + value);
                        return USAGE;
                    }
                }
                case "--host" -> host = value;
                case "--data-dir" -> dataDir = Path.of(value);
                case "--api-schema" -> schemas.add(Path.of(value));
                default -> {
                    err.println("run: unknown option " + option + "\n\n" + usage());
                    return USAGE;
                }
            }
        }
        if (schemas.isEmpty()) {
            schemas.add(defaultSchema);
        }
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(schemas);
        } catch (SchemaLoadException e) {
            err.println("run: " + e.getMessage());
            err.println("run: pass the Ed-Fi ApiSchema with --api-schema FILE (the Data Standard 5.0 file is ds-5.0/ApiSchema.json in shared/edfi).");
            return FAILED;
        }
        long start = System.nanoTime();
        try {
            EmbeddedStack stack = EmbeddedStack.start(schema, dataDir, host, port, IngressConfig.DEFAULT_RESULT_TIMEOUT);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                stopped.countDown();
            }, "dms-shutdown"));
            out.printf("Ed-Fi API ready at http://%s:%d/data/ in %.1f s (data in %s)%n", host, stack.port(), (System.nanoTime() - start) / 1e9, dataDir);
            stopped.await();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }
}
