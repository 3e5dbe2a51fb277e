package org.edfi.dms.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.app.EmbeddedStack;
import org.edfi.dms.benchmarks.bench.PostgresCeiling;
import org.edfi.dms.benchmarks.bench.StoredDocuments;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.loader.BulkLoader;
import org.edfi.dms.loader.HttpTransport;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadReport;
import org.edfi.dms.loader.RejectLog;
import org.edfi.dms.loader.Transport;
import org.edfi.dms.loader.xml.InterchangeReader;
import org.edfi.dms.loader.xml.XmlDocumentMapper;
import org.edfi.dms.loader.xml.XmlElement;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The Data Standard 5.0 sample load (descriptors, then the sample XML: about 20,000 documents)
 * into a fresh embedded instance, timed to the end of the load and to the moment every document is
 * readable in PostgreSQL; over Kafka and over HTTP, each on its own fresh stack. Ceiling in the
 * same run: the same documents, already converted, COPYed into a JSONB table of the same server.
 *
 * <p>Usage: {@code SampleLoad [RUNS]} (default 3 of each). {@code -Dbench.via=kafka} (or http) runs one transport,
 * {@code -Dbench.kafkaConcurrency=N}, {@code -Dbench.httpConcurrency=N} and {@code -Dbench.commitIntervalMs=N} vary the settings.
 */
public final class SampleLoad {

    private SampleLoad() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path home = Path.of(System.getProperty("dms.home", "."));
        Path ds50 = home.resolve("../shared/edfi/ds-5.0").normalize();
        ApiSchema schema = ApiSchemaLoader.load(ds50.resolve("ApiSchema.json"));
        List<Path> files = BulkLoader.inputFiles(List.of(ds50.resolve("descriptors"), ds50.resolve("sample-xml")));
        for (int run = 1; run <= runs; run++) {
            for (String via : System.getProperty("bench.via", "kafka,http").split(",")) {
                // -Dbench.commitIntervalMs=N runs the processor with another commit interval than the default.
                try (EmbeddedStack stack = EmbeddedStack.start(schema, Files.createTempDirectory("dms-sample-load"), "127.0.0.1", 0,
                        IngressConfig.DEFAULT_RESULT_TIMEOUT, Duration.ofMillis(Long.getLong("bench.commitIntervalMs",
                                ProcessorConfig.DEFAULT_COMMIT_INTERVAL.toMillis())))) {
                    LoadReport report = new LoadReport();
                    long start = System.nanoTime();
                    try (Transport transport = via.equals("kafka")
                                    ? new KafkaTransport(stack.bootstrapServers(), InstanceId.DEFAULT)
                                    : new HttpTransport("http://127.0.0.1:" + stack.port(),
                                            Optional.of(stack.developmentClient().credentials().clientId()),
                                            Optional.of(stack.developmentClient().credentials().clientSecret()));
                            RejectLog rejects = RejectLog.to(Optional.empty())) {
                        new BulkLoader(schema, transport, rejects, report, via.equals("kafka") ? Integer.getInteger("bench.kafkaConcurrency", 64) : Integer.getInteger("bench.httpConcurrency", 16)).load(files);
                    }
                    double loaded = (System.nanoTime() - start) / 1e9;
                    long documents = report.counts().values().stream().mapToLong(c -> c.created() + c.updated()).sum();
                    long created = report.counts().values().stream().mapToLong(LoadReport.Counts::created).sum();
                    StoredDocuments.awaitAtLeast(stack.jdbcUrl(), created);
                    double readable = (System.nanoTime() - start) / 1e9;
                    double copy = copyCeiling(stack.jdbcUrl(), schema, files);
                    System.out.printf(Locale.ROOT, "run %d via %-5s: %d documents loaded in %.1f s (%.0f/s), all readable at %.1f s, %d rejected"
                                    + " | ceiling: COPY of the same documents %.2f s (%.0f/s)%n",
                            run, via, documents, loaded, documents / loaded, readable, report.rejectedTotal(), copy, documents / copy);
                }
            }
        }
        System.exit(0);
    }

    /** The documents of XML interchange files as the loader converts them (JSON texts), leaving out those it would reject. */
    public static List<String> convertedDocuments(ApiSchema schema, List<Path> files) {
        XmlDocumentMapper mapper = new XmlDocumentMapper(schema);
        Map<String, XmlElement> withId = new HashMap<>();
        files.forEach(file -> InterchangeReader.forEach(file, r -> {
            if (r.element().attributes().containsKey("id")) {
                withId.put(r.element().attributes().get("id"), r.element());
            }
        }));
        List<String> documents = new ArrayList<>();
        for (Path file : files) {
            InterchangeReader.forEach(file, r -> {
                Optional<ResourceSchema> resource = mapper.resourceNamed(r.element().name());
                if (resource.isPresent()) {
                    try {
                        ObjectNode document = mapper.toDocument(resource.get(), r.element(), id -> Optional.ofNullable(withId.get(id)));
                        documents.add(MessageCodec.encodeToString(document));
                    } catch (Exception e) {
                        // the load reports these; the ceiling copies what converts
                    }
                }
            });
        }
        return documents;
    }

    /** Seconds to COPY every converted document into a JSONB table on the same server, in one transaction (the bench's ceiling). */
    private static double copyCeiling(String jdbcUrl, ApiSchema schema, List<Path> files) throws Exception {
        try (PostgresCeiling postgres = new PostgresCeiling(jdbcUrl)) {
            return postgres.copy(convertedDocuments(schema, files).iterator());
        }
    }
}
