package org.edfi.dms.benchmarks.bench;

import com.sun.net.httpserver.HttpServer;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.TraceParent;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Where the time of one serial create goes: one client creates students one at a time on a server
 * that exports its spans (the edge's, the processor's and the sink's, {@code otel.endpoint}) to a
 * receiver in this JVM, while this JVM also watches what it can see from outside: the command
 * arriving on the instance's command topic, its result becoming readable (read-committed) on the
 * node's reply topic, and the sink's notification of the applied change. Each create is a trace of
 * its own (the client sends its {@code traceparent}), so every event is matched to its request.
 * Every time is a wall-clock instant of this machine's clock, which the server's spans use too.
 * Nothing is added to the server for this: the spans are those it exports for operators, and
 * exporting costs about 2.4 microseconds a write (section "Traces on and off").
 */
final class WaterfallWorkload implements Workload {

    /** The events of a create, in the order they happen. */
    private static final List<String> EVENTS = List.of("client sends", "edge span starts (HTTP in)", "command on the command topic", "processor starts",
            "processor done", "result committed (readable)", "sink starts its batch", "sink committed", "edge span ends (answered)",
            "client has the answer");

    /** The steps Kafka alone bounds, and their ceilings: the same Kafka work without the system around it. */
    private static final String PRODUCED = "edge: security, validation, produce";
    private static final String COMMITTED = "processor done to transaction committed";
    private static final String PRODUCE_CEILING = "ceiling: a record produced and acknowledged (acks=all, idempotent), one at a time";
    private static final String TRANSACTION_CEILING = "ceiling: a bare transaction of the processor's shape (" + RawKafka.TRANSACTION_PARTITIONS
            + " partitions and a consumed offset), sent to readable, one at a time";

    /** About the bytes of a student's command and of its document's envelope. */
    private static final int RECORD_BYTES = 1_000;

    /** Seconds of the produce ceiling's closed loop. */
    private static final int PRODUCE_SECONDS = 5;

    /** The steps between consecutive events: the figures of the section. */
    private static final List<String> STEPS = List.of("client to edge (request read)", PRODUCED,
            "command topic to processor", "processor: the command's corridor", COMMITTED,
            "committed to the sink's batch", "sink: the batch into PostgreSQL", "sink committed to the answer (in-process watch)",
            "answer to the client");

    /** Beside the chain: what an API node of its own (not fed in-process by the sink) would wait for instead. */
    private static final String NOTIFIED = "sink committed to a PostgreSQL LISTENer notified (beside the chain)";

    /** Creates measured per run (after as many again to warm the hops). */
    private static final int FULL_CREATES = 2_000;

    /** The generator's consumers, woken to stop when the workload ends. */
    private final List<KafkaConsumer<?, ?>> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean watching;

    @Override
    public String id() {
        return "waterfall";
    }

    @Override
    public String title() {
        return "Latency waterfall of a serial create";
    }

    @Override
    public String description(Scale scale) {
        return """
                One client creates %,d students one at a time (after %,d to warm the hops) on a server that exports its spans \
                (`DMS_OTEL_ENDPOINT`) to a receiver in the load generator: the edge's span (HTTP in to answer), the processor's \
                (its handling of the command) and the sink's (its batch). The generator also watches the command topic \
                (read-uncommitted: the command is in the log), the node's reply topic (read-committed: the processor's \
                transaction is committed) and the sink's PostgreSQL notification. Each create sends a `traceparent` of its \
                own, so every event is matched to its request; all times are this machine's wall clock (a record the generator \
                sees after the processor or the sink did is timed by them). Each figure is one \
                step between two consecutive events, its median and percentiles over the creates; the chart lays the \
                steps' medians end to end. Two steps are mostly Kafka's work, and have a ceiling measured on the server's \
                broker after the creates: the edge's produce against a %,d-byte record produced and acknowledged (acks=all, \
                idempotent, as the ingress sends a command), one at a time for %d s; the processor's commit against as many bare \
                transactions of its shape, one at a time and %d ms apart (as a serial create's are at least), each a %,d-byte \
                record to each of %d partitions (the document, the result, two stores' changelogs) and a consumed offset, timed \
                from the records handed to the producer until a read-committed consumer has them (the wait a lone write's \
                answer has for its transaction).""".formatted(
                creates(scale), creates(scale), RECORD_BYTES, PRODUCE_SECONDS, RawKafka.TRANSACTION_GAP_MS, RECORD_BYTES,
                RawKafka.TRANSACTION_PARTITIONS);
    }

    private static int creates(Scale scale) {
        return Math.min(FULL_CREATES, scale.serialCount());
    }

    /** What is known of one create's trace. */
    private static final class Trace {
        volatile long sent, received, httpStart, httpEnd, command, processorStart, processorEnd, committed = -1, sinkStart, sinkEnd, notified;
        volatile String commandId;
        volatile long changeVersion = -1;

        /**
         * The events in order. The watchers in the generator see a record a little after the
         * server's own consumers do, so an event is taken as happened no later than the first
         * who saw it: the command once the processor started on it, the commit once the sink read it.
         */
        long[] events() {
            return new long[] {sent, httpStart, Math.min(command, processorStart), processorStart, processorEnd, Math.min(committed, sinkStart), sinkStart,
                sinkEnd, httpEnd, received};
        }

        boolean complete() {
            return Arrays.stream(new long[] {command, committed, notified}).allMatch(t -> t > 0) && Arrays.stream(events()).allMatch(t -> t > 0);
        }
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        Map<String, Trace> traces = new ConcurrentHashMap<>();
        Map<String, Trace> byCommand = new ConcurrentHashMap<>();
        Map<Long, Long> notifications = new ConcurrentHashMap<>();
        HttpServer receiver = spanReceiver(traces, byCommand);
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer(Map.of("DMS_OTEL_ENDPOINT", "http://127.0.0.1:" + receiver.getAddress().getPort()))) {
            watching = true;
            List<Thread> threads = List.of(
                    watch(server.bootstrapServers(), new InstanceTopics(InstanceId.DEFAULT).commands(), "read_uncommitted", record -> {
                        Header header = record.headers().lastHeader(TraceParent.HEADER);
                        long at = now();
                        TraceParent.fromHeader(header == null ? null : header.value()).map(p -> traces.get(p.traceId())).ifPresent(t -> t.command = at);
                    }),
                    watch(server.bootstrapServers(), replyTopic(server.bootstrapServers()), "read_committed", record -> {
                        long at = now();
                        CommandResult result;
                        try {
                            result = MessageCodec.decodeResult(record.value());
                        } catch (org.edfi.dms.contracts.MalformedMessageException e) {
                            return;
                        }
                        Trace trace = byCommand.computeIfAbsent(record.key(), k -> new Trace());
                        trace.committed = at;
                        if (result.changeVersion() != null) {
                            trace.changeVersion = result.changeVersion();
                        }
                    }),
                    Thread.ofPlatform().daemon().name("waterfall-listen").start(() -> listen(server, notifications)));
            int n = creates(context.scale());
            WebClient http = WebClient.create();
            for (int run = 1; run <= context.scale().runs(); run++) {
                List<Trace> measured = new ArrayList<>();
                for (int i = 0; i < 2 * n; i++) {
                    TraceParent parent = TraceParent.begin();
                    Trace trace = new Trace();
                    traces.put(parent.traceId(), trace);
                    trace.sent = now();
                    try (HttpClientResponse response = http.post(server.dataUrl() + "students").header(HeaderValues.CONTENT_TYPE_JSON)
                            .header(HeaderNames.AUTHORIZATION, server.authorization()).header(HeaderNames.create(TraceParent.HEADER), parent.toString())
                            .submit(Seed.student("W" + run + "S" + i, "Lisa"))) {
                        if (response.entity().hasEntity()) {
                            response.as(String.class);
                        }
                        trace.received = now();
                        if (response.status().code() != 201) {
                            throw new IllegalStateException("a create answered " + response.status().code());
                        }
                    }
                    if (i >= n) {
                        measured.add(trace);
                    }
                }
                Thread.sleep(8_000); // the server exports its spans every 5 s
                for (Trace trace : measured) {
                    if (trace.commandId != null) {
                        Trace result = byCommand.get(trace.commandId);
                        if (result != null) {
                            trace.committed = result.committed;
                            trace.notified = notifications.getOrDefault(result.changeVersion, 0L);
                        }
                    }
                }
                figures.addAll(figures(run, measured.stream().filter(Trace::complete).toList()));
                Load.Outcome produced = RawKafka.acknowledgedSends(server.bootstrapServers(), 1, PRODUCE_SECONDS, RECORD_BYTES);
                figures.add(ceiling(run, PRODUCE_CEILING, produced.latencies()));
                figures.add(ceiling(run, TRANSACTION_CEILING, RawKafka.transactions(server.bootstrapServers(), n, RECORD_BYTES)));
            }
            watching = false;
            watchers.forEach(KafkaConsumer::wakeup);
            for (Thread thread : threads) {
                thread.join(5_000);
            }
        } finally {
            receiver.stop(0);
        }
        return figures;
    }

    private List<Measurement> figures(int run, List<Trace> complete) {
        List<Measurement> figures = new ArrayList<>();
        for (int s = 0; s < STEPS.size(); s++) {
            int step = s;
            long[] durations = complete.stream().mapToLong(t -> t.events()[step + 1] - t.events()[step]).toArray();
            Optional<String> ceiling = switch (STEPS.get(s)) {
                case PRODUCED -> Optional.of(PRODUCE_CEILING);
                case COMMITTED -> Optional.of(TRANSACTION_CEILING);
                default -> Optional.empty();
            };
            figures.add(new Measurement(id(), run, STEPS.get(s), Unit.MILLISECONDS, median(durations), Optional.of(percentiles(durations)), 0,
                    Cpu.UNMEASURED, Measurement.Kind.SYSTEM, ceiling));
        }
        long[] notified = complete.stream().mapToLong(t -> t.notified - t.sinkEnd).toArray();
        figures.add(new Measurement(id(), run, NOTIFIED, Unit.MILLISECONDS, median(notified), Optional.of(percentiles(notified)), 0, Cpu.UNMEASURED,
                Measurement.Kind.SYSTEM, Optional.empty()));
        long[] whole = complete.stream().mapToLong(t -> t.received - t.sent).toArray();
        figures.add(new Measurement(id(), run, "the whole create, as the client sees it (" + complete.size() + " traced)", Unit.MILLISECONDS,
                median(whole), Optional.of(percentiles(whole)), 0, Cpu.UNMEASURED, Measurement.Kind.SYSTEM, Optional.empty()));
        return figures;
    }

    private Measurement ceiling(int run, String figure, long[] nanos) {
        return Measurement.ceiling(id(), run, figure, Unit.MILLISECONDS, median(nanos), Optional.of(percentiles(nanos)), Cpu.UNMEASURED);
    }

    /** The steps' medians laid end to end: each bar is its step's figure, so that the chart and the table agree. */
    @Override
    public List<String> extraCharts(List<Summary> rows, Path dir) throws Exception {
        List<Charts.Step> steps = new ArrayList<>();
        double at = 0;
        for (String step : STEPS) {
            double median = rows.stream().filter(r -> r.figure().equals(step)).mapToDouble(Summary::median).findFirst().orElse(0);
            steps.add(new Charts.Step(step, at, at + median));
            at += median;
        }
        String name = "waterfall.png";
        Charts.waterfall(dir.resolve(name), "A serial create, hop by hop (each step's median, end to end)", "ms", steps);
        return List.of(name);
    }

    private static double median(long[] nanos) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /** Percentiles of durations that may be negative (two events within the clock's error of each other). */
    private static Measurement.Percentiles percentiles(long[] nanos) {
        return Measurement.Percentiles.ofNanos(nanos);
    }

    /** Wall-clock nanoseconds: the same clock as the server's spans (OpenTelemetry's clock reads {@link Instant#now}). */
    private static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** An OTLP/HTTP receiver that files each span's start and end under its trace. */
    private static HttpServer spanReceiver(Map<String, Trace> traces, Map<String, Trace> byCommand) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HexFormat hex = HexFormat.of();
        receiver.createContext("/v1/traces", exchange -> {
            try (exchange) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        for (Span span : scope.getSpansList()) {
                            Trace trace = traces.get(hex.formatHex(span.getTraceId().toByteArray()));
                            if (trace != null) {
                                file(trace, span, byCommand);
                            }
                        }
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        return receiver;
    }

    private static void file(Trace trace, Span span, Map<String, Trace> byCommand) {
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (span.getKind() == Span.SpanKind.SPAN_KIND_SERVER) {
            trace.httpStart = start;
            trace.httpEnd = end;
        } else if (span.getName().startsWith("process ")) {
            trace.processorStart = start;
            trace.processorEnd = end;
            span.getAttributesList().stream().filter(a -> a.getKey().equals("dms.command.id")).map(KeyValue::getValue).findFirst()
                    .ifPresent(id -> trace.commandId = id.getStringValue());
        } else if (span.getName().equals("apply documents")) {
            trace.sinkStart = start;
            trace.sinkEnd = end;
        }
    }

    /** The node's reply topic ({@code dms.replies.<node>}): the one topic of that name on the server's broker. */
    private static String replyTopic(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get().stream().filter(t -> t.startsWith(InstanceTopics.replies(""))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no reply topic on the server's broker"));
        }
    }

    /** A consumer of partition 0 of {@code topic} from its end, handing each record to {@code seen} as it arrives. */
    private Thread watch(String bootstrapServers, String topic, String isolation, Consumer<ConsumerRecord<String, byte[]>> seen) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100); // a fetch is answered as soon as a record is there; this bounds only an idle wait
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        watchers.add(consumer);
        return Thread.ofPlatform().daemon().name("waterfall-" + topic).start(() -> {
            try (consumer) {
                while (watching) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            seen.accept(record);
                        } catch (RuntimeException unreadable) {
                            // not one of ours
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException stopped) {
                // the workload ended
            }
        });
    }

    /** The sink's notifications on the default instance's store: when each change version was announced. */
    private void listen(ServerProcess server, Map<Long, Long> notifications) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl()); Statement statement = connection.createStatement()) {
            String channel;
            try (ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
                rs.next();
                channel = rs.getString(1);
            }
            statement.execute("LISTEN \"" + channel + "\"");
            PGConnection pg = connection.unwrap(PGConnection.class);
            while (watching) {
                PGNotification[] arrived = pg.getNotifications(200);
                long at = now();
                if (arrived != null) {
                    for (PGNotification notification : arrived) {
                        notifications.put(Long.parseLong(notification.getParameter()), at);
                    }
                }
            }
        } catch (Exception e) {
            if (watching) {
                System.err.println("waterfall: listening to the sink's notifications failed: " + e);
            }
        }
    }
}
