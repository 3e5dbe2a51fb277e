package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.app.soak.Soak;
import org.edfi.dms.app.soak.SoakPlan;
import org.edfi.dms.app.soak.SoakReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dms soak}: the fault harness of issue 21 (docs/operations.md#fault-harness). */
@Command(name = "soak", description = {
        "Run the roles apart under a load while killing them, then check that nothing acknowledged was lost",
        "",
        """
        Starts a Kafka broker and PostgreSQL in this JVM, and the roles as JVMs of their own: an API
        node, two processor nodes and a sink node. Loads generated documents (dms generate's district)
        over HTTP and, one in --kafka-share, as Kafka-native commands; then changes them (updates,
        key changes, deletes) until --minutes have passed. Meanwhile it kills each role in turn with
        kill -9 every --kill-every seconds and starts it again, and purges a second instance
        mid-load. At the end it compares every acknowledged write with PostgreSQL by a full scan and
        prints a report: acknowledged writes lost or stale, deleted or purged documents present,
        duplicate natural keys, dangling references, repeated or missing change versions. Each
        must be 0. Its data and the roles' logs stay in DATA-DIR/soak-<date-time> for inspection."""},
        exitCodeList = {"0:every counter is 0", "1:a counter is not 0, or the harness could not run (the message says why)", "2:a wrong command line"})
public final class SoakCommand extends SettingsCommand {

    @Option(names = "--documents", paramLabel = "N", description = "documents to generate and load at least (default ${DEFAULT-VALUE})")
    long documents = 2_000;

    @Option(names = "--minutes", paramLabel = "M", description = "how long the load and the kills go on at least (default ${DEFAULT-VALUE}); "
            + "the soak also goes on until every role was killed once")
    double minutes = 1;

    @Option(names = "--kill-every", paramLabel = "S", description = "seconds between two kills (default ${DEFAULT-VALUE})")
    long killEvery = 20;

    @Option(names = "--kafka-share", paramLabel = "N", description = "one document in N of the first load goes over Kafka (default ${DEFAULT-VALUE}; 0: none)")
    int kafkaShare = 5;

    @Option(names = "--seed", paramLabel = "S", description = "the generator's seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--report", paramLabel = "FILE", description = "also write the report (Markdown) to FILE")
    Optional<Path> report = Optional.empty();

    private final Path home;

    public SoakCommand(SettingsLoader loader, Path home, PrintStream out, PrintStream err) {
        super(loader, List.of(Setting.DATA_DIR, Setting.API_SCHEMA), out, err);
        this.home = home;
    }

    @Override
    public Integer call() {
        Settings settings = settings();
        Path workDir = settings.dataDir().resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        SoakPlan plan;
        try {
            plan = new SoakPlan(documents, Duration.ofMillis((long) (minutes * 60_000)), Duration.ofSeconds(killEvery), workDir, home,
                    settings.apiSchemas(), seed, kafkaShare);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            SoakReport result = new Soak(plan, out).run();
            String markdown = result.markdown();
            out.println();
            out.print(markdown);
            if (report.isPresent()) {
                Files.writeString(report.get(), markdown);
            }
            return result.faults() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
        } catch (IOException e) {
            err.println("soak: " + e.getMessage());
            return ExitStatus.FAILED;
        } catch (Exception e) {
            err.println("soak: could not run: " + e);
            e.printStackTrace(err);
            return ExitStatus.FAILED;
        }
    }
}
