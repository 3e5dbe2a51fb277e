package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.app.DevelopmentClient;
import org.edfi.dms.app.config.CommandLine;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.loader.BulkLoader;
import org.edfi.dms.loader.HttpTransport;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadReport;
import org.edfi.dms.loader.Progress;
import org.edfi.dms.loader.RejectLog;
import org.edfi.dms.loader.Transport;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;
import org.edfi.dms.security.ConfiguredClients;

/** {@code dms load}: Ed-Fi descriptor and interchange XML, or JSON Lines of documents, into a running API, over HTTP or Kafka. */
public final class LoadCommand implements Command {

    private final SettingsLoader loader;

    public LoadCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "Load Ed-Fi XML files or JSON Lines (dms generate), over HTTP or straight into Kafka";
    }

    @Override
    public String usage() {
        return """
                Usage: dms load [--via http|kafka] [--url URL] [--client-id ID --client-secret SECRET]
                                [--reject-file FILE] [--max-rejects N] [--concurrency N] [OPTIONS] PATH...

                Reads each PATH (a file, or a folder searched for .xml and .jsonl files):
                  - Ed-Fi XML: descriptor files (InterchangeDescriptors) and any interchange; each record
                    becomes the Ed-Fi JSON document the ApiSchema describes;
                  - JSON Lines (.jsonl, what `dms generate` writes): one Ed-Fi JSON document per line, of
                    the resource the file name gives: [NNNN-]project.endpoint.jsonl, e.g.
                    0011-ed-fi.students.jsonl.
                Every document is upserted, all in dependency order (descriptors first), streaming,
                several at a time where the order allows. Loading the same files again changes nothing
                and duplicates nothing. School years the data references are created first when the
                data does not hold them.

                  --via http|kafka      http (default): POST to the Ed-Fi API at --url; kafka: produce
                                        commands to the instance's topic and read their results
                  --url URL             the Ed-Fi API (default http://127.0.0.1:8080; any Ed-Fi API works)
                  --client-id ID, --client-secret SECRET
                                        take an OAuth2 token (client credentials) from URL/oauth/token
                  --reject-file FILE    every record that did not load, as JSON lines (file, position: the
                                        record number in XML, the line number in JSON Lines, resource,
                                        status, problem); records are never dropped silently
                  --max-rejects N       exit 0 when at most N records were rejected (default 0)
                  --concurrency N       documents in flight at once (default 16 over HTTP, 64 over Kafka)
                  --api-schema FILE     the ApiSchema the API serves (repeat for extensions; default the
                                        Data Standard 5.0 file beside the project)
                  --kafka-bootstrap-servers HOSTS
                                        for --via kafka (default: the broker of `dms run` on this machine,
                                        found in --data-dir)
                  --data-dir DIR        the data directory of that `dms run` (default .dms/data)

                Progress shows on a terminal as a bar, otherwise as a line every 10 s; a summary per
                resource ends the load. Exit status 0 when everything loaded (or at most --max-rejects
                records were rejected), 1 otherwise, 2 on a wrong command line.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String via = "http";
        String url = "http://127.0.0.1:8080";
        Optional<String> clientId = Optional.empty();
        Optional<String> clientSecret = Optional.empty();
        Optional<Path> rejectFile = Optional.empty();
        long maxRejects = 0;
        Optional<Integer> concurrency = Optional.empty();
        List<Path> paths = new ArrayList<>();
        List<String> settingsArgs = new ArrayList<>();
        try {
            CommandLine line = CommandLine.parse(args);
            line.positional().forEach(path -> paths.add(Path.of(path)));
            for (CommandLine.Option option : line.options()) {
                String value = option.value();
                switch (option.name()) {
                    case "--via" -> via = value;
                    case "--url" -> url = value;
                    case "--client-id" -> clientId = Optional.of(value);
                    case "--client-secret" -> clientSecret = Optional.of(value);
                    case "--reject-file" -> rejectFile = Optional.of(Path.of(value));
                    case "--max-rejects" -> maxRejects = Long.parseLong(value);
                    case "--concurrency" -> concurrency = Optional.of(Integer.parseInt(value));
                    default -> settingsArgs.add(option.asArgument()); // the common settings, read below
                }
            }
            if (!via.equals("http") && !via.equals("kafka")) {
                throw new SettingsException("--via takes http or kafka, not " + via);
            }
            if (paths.isEmpty()) {
                throw new SettingsException("name at least one XML or JSON Lines file, or a folder of them, to load");
            }
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    throw new SettingsException("no such file or folder: " + path);
                }
            }
        } catch (SettingsException | NumberFormatException e) {
            err.println("load: " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        Settings settings;
        ApiSchema schema;
        try {
            settings = loader.load(settingsArgs);
            schema = ApiSchemaLoader.load(settings.apiSchemas());
        } catch (SettingsException e) {
            err.println("load: " + e.getMessage());
            return USAGE;
        } catch (SchemaLoadException e) {
            err.println("load: " + e.getMessage());
            return FAILED;
        }

        LoadReport report = new LoadReport();
        try (Transport transport = via.equals("http")
                        ? httpTransport(url, clientId, clientSecret, settings)
                        : new KafkaTransport(kafka(settings), InstanceId.DEFAULT);
                RejectLog rejects = RejectLog.to(rejectFile)) {
            out.println("Loading " + paths + " into " + transport.describe());
            try (Progress progress = new Progress(report, out, System.console() != null)) {
                new BulkLoader(schema, transport, rejects, report, concurrency.orElse(via.equals("http") ? 16 : 64)).load(BulkLoader.inputFiles(paths));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (Exception e) {
            err.println("load: " + e.getMessage());
            return FAILED;
        }
        out.print(report.summary());
        if (report.rejectedTotal() > 0) {
            out.println(report.rejectedTotal() + " record(s) rejected" + rejectFile.map(f -> ", listed in " + f).orElse(" (give --reject-file FILE to list them)"));
        }
        return report.rejectedTotal() > maxRejects ? FAILED : OK;
    }

    /** Over HTTP, signed in as the client given, else as the development client of the data directory's dms run, if any. */
    private static Transport httpTransport(String url, Optional<String> clientId, Optional<String> clientSecret, Settings settings)
            throws IOException {
        if (clientId.isEmpty()) {
            Optional<ConfiguredClients.Credentials> saved = DevelopmentClient.saved(settings.dataDir());
            if (saved.isPresent()) {
                return new HttpTransport(url, Optional.of(saved.get().clientId()), Optional.of(saved.get().clientSecret()));
            }
        }
        return new HttpTransport(url, clientId, clientSecret);
    }

    private static String kafka(Settings settings) {
        return settings.kafkaBootstrapServers()
                .or(() -> EmbeddedKafka.bootstrapServersOf(settings.dataDir().resolve("kafka")))
                .orElseThrow(() -> new SettingsException("--via kafka needs --kafka-bootstrap-servers, or a `dms run` data directory (--data-dir)"));
    }
}
