package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.loader.BulkLoader;
import org.edfi.dms.loader.HttpTransport;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadReport;
import org.edfi.dms.loader.LoadStoppedException;
import org.edfi.dms.loader.Progress;
import org.edfi.dms.loader.RejectLog;
import org.edfi.dms.loader.Transport;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code dms load}: Ed-Fi descriptor and interchange XML, or JSON Lines of documents, into a running API, over HTTP or Kafka. */
@Command(name = "load", abbreviateSynopsis = true, description = {
        "Load Ed-Fi XML files or JSON Lines (dms generate), over HTTP or straight into Kafka",
        "",
        """
        Reads each PATH (a file, or a folder searched for .xml and .jsonl files):
          - Ed-Fi XML: descriptor files (InterchangeDescriptors) and any interchange; each record
            becomes the Ed-Fi JSON document the ApiSchema describes;
          - JSON Lines (.jsonl, what `dms generate` writes): one Ed-Fi JSON document per line, of
            the resource the file name gives: [NNNN-]project.endpoint.jsonl, e.g.
            0011-ed-fi.students.jsonl.
        Every document is upserted, all in dependency order (descriptors first), streaming,
        several at a time where the order allows. Loading the same files again changes nothing
        and duplicates nothing. School years the data references are created first when the
        data does not hold them.""",
        "",
        """
        Over HTTP, any Ed-Fi API works. Over Kafka, the brokers are --kafka-bootstrap-servers, else
        the broker of the `dms run` whose data directory is --data-dir, reached with the TLS or SASL
        settings of --kafka-client-properties; its commands carry no limits, which processor nodes
        refuse unless processor.accept-unscoped-commands is true (`run` takes them). Progress shows on a terminal
        as a bar, otherwise as a line every 10 s; a summary per resource ends the load.""",
        "",
        """
        A load whose Kafka broker goes away stops within a minute (a command not taken within 30 s,
        or no result within 60 s), says why, and exits 1; loading the same files again finishes it,
        updating what is already there, never doubling it."""},
        exitCodeList = {"0:everything loaded, or at most --max-rejects records were rejected", "1:otherwise, or the load stopped", "2:a wrong command line"})
public final class LoadCommand extends SettingsCommand {

    /** How documents reach the API: the names are the values of --via. */
    enum Via { http, kafka }

    @Option(names = "--via", paramLabel = "http|kafka", description = "http (default): POST to the Ed-Fi API at --url; kafka: produce commands to the instance's topic and read their results")
    Via via = Via.http;

    @Mixin
    ServerOptions server;

    @Option(names = "--reject-file", paramLabel = "FILE", description = "every record that did not load, as JSON lines (file, position: the record number in XML, the line number "
            + "in JSON Lines, resource, status, problem); records are never dropped silently")
    Optional<Path> rejectFile = Optional.empty();

    @Option(names = "--max-rejects", paramLabel = "N", description = "exit 0 when at most N records were rejected (default ${DEFAULT-VALUE})")
    long maxRejects = 0;

    @Option(names = "--concurrency", paramLabel = "N", description = "documents in flight at once (default " + BulkLoader.DEFAULT_HTTP_IN_FLIGHT + " over HTTP, "
            + BulkLoader.DEFAULT_KAFKA_IN_FLIGHT + " over Kafka)")
    Optional<Integer> concurrency = Optional.empty();

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "an XML or JSON Lines file, or a folder of them")
    List<Path> paths;

    public LoadCommand(SettingsLoader loader, PrintStream out, PrintStream err) {
        super(loader, List.of(Setting.API_SCHEMA, Setting.KAFKA_BOOTSTRAP_SERVERS, Setting.KAFKA_CLIENT_PROPERTIES, Setting.DATA_DIR), out, err);
    }

    @Override
    public Integer call() {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        Settings settings = settings();
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(settings.apiSchemas());
        } catch (SchemaLoadException e) {
            err.println("load: " + e.getMessage());
            return ExitStatus.FAILED;
        }

        LoadReport report = new LoadReport();
        try (Transport transport = via == Via.http ? httpTransport(settings) : new KafkaTransport(kafka(settings), InstanceId.DEFAULT);
                RejectLog rejects = RejectLog.to(rejectFile)) {
            out.println("Loading " + paths + " into " + transport.describe());
            try (Progress progress = new Progress(report, out, System.console() != null)) {
                new BulkLoader(schema, transport, rejects, report, concurrency.orElse(via == Via.http ? BulkLoader.DEFAULT_HTTP_IN_FLIGHT : BulkLoader.DEFAULT_KAFKA_IN_FLIGHT)).load(BulkLoader.inputFiles(paths));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.FAILED;
        } catch (LoadStoppedException e) {
            out.print(report.summary());
            err.println("load: stopped after " + report.done() + " of " + report.expected() + " records: " + e.getMessage());
            err.println("load: loading the same files again finishes the load; what is loaded already is updated, not doubled");
            return ExitStatus.FAILED;
        } catch (Exception e) {
            err.println("load: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        out.print(report.summary());
        if (report.rejectedTotal() > 0) {
            out.println(report.rejectedTotal() + " record(s) rejected" + rejectFile.map(f -> ", listed in " + f).orElse(" (give --reject-file FILE to list them)"));
        }
        return report.rejectedTotal() > maxRejects ? ExitStatus.FAILED : ExitStatus.OK;
    }

    /** Over HTTP, signed in as the client given, else as the development client of the data directory's dms run, if any. */
    private Transport httpTransport(Settings settings) throws IOException {
        if (server.clientId.isEmpty()) {
            Optional<ConfiguredClients.Credentials> saved = DevelopmentClient.saved(settings.dataDir());
            if (saved.isPresent()) {
                return new HttpTransport(server.url, Optional.of(saved.get().clientId()), Optional.of(saved.get().clientSecret()));
            }
        }
        return new HttpTransport(server.url, server.clientId, server.clientSecret);
    }

    private static KafkaCluster kafka(Settings settings) {
        return settings.kafkaCluster(settings.kafkaBootstrapServers()
                .or(() -> EmbeddedKafka.bootstrapServersOf(settings.dataDir().resolve("kafka")))
                .orElseThrow(() -> new SettingsException("--via kafka needs --kafka-bootstrap-servers, or a `dms run` data directory (--data-dir)")));
    }
}
