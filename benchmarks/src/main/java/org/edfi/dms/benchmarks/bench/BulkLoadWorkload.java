package org.edfi.dms.benchmarks.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.edfi.dms.benchmarks.BenchClient;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.loader.BulkLoader;
import org.edfi.dms.loader.HttpTransport;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadReport;
import org.edfi.dms.loader.RejectLog;
import org.edfi.dms.loader.Transport;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.Scenario;

/**
 * Bulk load, as {@code dms load} does it: one data set (the Data Standard sample, or a generated
 * one), over Kafka and over HTTP into an emptied instance, timed to the moment every document is
 * readable in PostgreSQL. Two workloads, so that the quick sample and the long million can be
 * repeated apart.
 */
final class BulkLoadWorkload implements Workload {

    /** Which data set a bulk-load workload loads. */
    enum Data { SAMPLE, GENERATED }

    /** Loader concurrency: commands in flight over Kafka, requests in flight over HTTP ({@code dms load}'s defaults). */
    static final int KAFKA_IN_FLIGHT = BulkLoader.DEFAULT_KAFKA_IN_FLIGHT, HTTP_IN_FLIGHT = BulkLoader.DEFAULT_HTTP_IN_FLIGHT;

    /** A data set to load: its files, and its documents as JSON texts (for the ceilings). */
    private record DataSet(List<Path> files, Supplier<Iterator<String>> documents) {}

    private final Data data;

    BulkLoadWorkload(Data data) {
        this.data = data;
    }

    @Override
    public String id() {
        return data == Data.SAMPLE ? "sample" : "generated";
    }

    @Override
    public String title() {
        return data == Data.SAMPLE ? "Bulk load: the Data Standard sample" : "Bulk load: a generated data set";
    }

    @Override
    public String description(Scale scale) {
        return """
                `dms load`'s loader, in the generator's JVM, loads %s into the default instance of one warmed \
                server, emptied before each load (`dms instance purge`), over Kafka (%d commands in flight) and \
                over HTTP (%d requests in flight); the time runs from the first document sent to the moment \
                every created document is in PostgreSQL (readable). Ceilings on the same server: COPY of the \
                same documents into a JSONB table in one transaction, and the same number of records of their \
                average size produced to the broker and consumed back.""".formatted(data == Data.SAMPLE
                        ? "the Data Standard 5.0 sample (its descriptors and sample XML interchanges, converted as `dms load` does)"
                        : "the data set `dms generate --scale %,d --seed 1` writes (JSON Lines, the built-in district scenario)".formatted(scale.generatedScale()),
                KAFKA_IN_FLIGHT, HTTP_IN_FLIGHT);
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        DataSet dataSet = prepare(context);
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer()) {
            for (int run = 1; run <= context.scale().runs(); run++) {
                figures.addAll(once(context, server, dataSet, run));
            }
        }
        return figures;
    }

    /** The data set over each transport into the default instance, emptied before each load (a load measures creates into an empty store). */
    private List<Measurement> once(Context context, ServerProcess server, DataSet data, int run) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        CpuMeter cpu = server.cpuMeter();
        String copy = "ceiling: COPY of the same documents";
        String raw = "ceiling: raw Kafka, as many records produced and consumed";
        for (String via : List.of("kafka", "http")) {
            server.purgeDefaultInstance();
            LoadReport report = new LoadReport();
            Timed<Long> load = cpu.profiled(run == 1 ? id() + "-" + via : null, "document", Long::longValue, () -> {
                try (Transport transport = via.equals("kafka") ? new KafkaTransport(server.bootstrapServers(), InstanceId.DEFAULT)
                        : new HttpTransport(server.baseUrl(), Optional.of(BenchClient.CREDENTIALS.clientId()),
                                Optional.of(BenchClient.CREDENTIALS.clientSecret()));
                        RejectLog rejects = RejectLog.to(Optional.empty())) {
                    new BulkLoader(context.schema(), transport, rejects, report, via.equals("kafka") ? KAFKA_IN_FLIGHT : HTTP_IN_FLIGHT)
                            .load(data.files());
                }
                long created = report.counts().values().stream().mapToLong(LoadReport.Counts::created).sum();
                StoredDocuments.awaitAtLeast(server.jdbcUrl(), created);
                return created;
            });
            figures.add(Measurement.of(id(), run, (via.equals("kafka") ? "over Kafka" : "over HTTP") + ", to readable", Unit.SECONDS,
                    load.seconds(), Optional.empty(), report.rejectedTotal(), load.cpu(), copy));
            if (via.equals("kafka")) {
                // The ceilings once per run, beside the Kafka load.
                long count = 0;
                long bytes = 0;
                for (Iterator<String> documents = data.documents().get(); documents.hasNext(); count++) {
                    bytes += documents.next().length();
                }
                int records = (int) count;
                int size = (int) (bytes / Math.max(1, count));
                Timed<Double> copied;
                try (PostgresCeiling postgres = new PostgresCeiling(server.jdbcUrl())) {
                    copied = cpu.measure(() -> postgres.copy(data.documents().get()));
                }
                Timed<Double> kafka = cpu.measure(() -> RawKafka.produceAndConsume(server.bootstrapServers(), records, size));
                figures.add(Measurement.ceiling(id(), run, copy, Unit.SECONDS, copied.result(), Optional.empty(), copied.cpu()));
                figures.add(Measurement.ceiling(id(), run, raw, Unit.SECONDS, kafka.result(), Optional.empty(), kafka.cpu()));
            }
        }
        return figures;
    }

    private DataSet prepare(Context context) throws IOException {
        if (data == Data.SAMPLE) {
            List<Path> files = BulkLoader.inputFiles(List.of(context.dataStandard().resolve("descriptors"), context.dataStandard().resolve("sample-xml")));
            List<String> documents = SampleDocuments.converted(context.schema(), files);
            return new DataSet(files, documents::iterator);
        }
        Scale scale = context.scale();
        Path generated = context.work().resolve("generated-" + scale.generatedScale());
        new DataGenerator(context.schema(), Scenario.builtIn(), scale.generatedScale(), 1).generate(generated, written -> { });
        List<Path> files;
        try (Stream<Path> found = Files.list(generated)) {
            files = found.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        return new DataSet(files, () -> files.stream().flatMap(BulkLoadWorkload::lines).iterator());
    }

    private static Stream<String> lines(Path file) {
        try {
            BufferedReader reader = Files.newBufferedReader(file);
            return reader.lines().onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
