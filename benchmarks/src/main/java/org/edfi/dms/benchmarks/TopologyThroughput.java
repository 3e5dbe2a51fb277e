package org.edfi.dms.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.IntegrityTopology;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * Commands per second through one instance's integrity topology on a real (in-process) broker,
 * with exactly-once processing, over the Data Standard 5.0 schema. The commands are produced first;
 * the clock runs from the processor's start to the last committed result. The ceilings, measured
 * in the same run on the same broker: a raw producer writing the same command bytes, a raw
 * read-committed consumer reading them back, an exactly-once topology of the same shape that
 * forwards each command as is, and the same with the instance's state stores and the store calls a
 * command makes.
 *
 * <p>Usage: {@code TopologyThroughput [COMMANDS] [RUNS]} (defaults 50000 and 3).
 */
public final class TopologyThroughput {

    /**
     * The processor's commit interval ({@code -Dcommit.ms}): 10 ms, so that a backlog, which every run
     * here is, commits every 100 ms (ten intervals, CommitPace), as the runs recorded before the
     * processor paced its own commits did with a 100 ms interval.
     */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(Long.getLong("commit.ms", 10));


    /** A Kafka Streams stream thread's name ends so; its clients' threads add a suffix. */
    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+$");

    private TopologyThroughput() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ApiSchema schema = ApiSchemaLoader.load(Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json"));
        DocumentValidator validator = DocumentValidator.forSchema(schema);
        Path dir = Files.createTempDirectory("dms-topology-bench");
        List<String> rows = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            for (int run = 1; run <= runs; run++) {
                InstanceId instance = new InstanceId("bench", "run-" + run);
                InstanceTopics topics = new InstanceTopics(instance);
                kafka.createTopics(List.of(topics.commands(), topics.documents(), topics.results(), "raw.run-" + run));
                List<byte[]> commands = commands(count, run);

                double rawProduce = produce(kafka, "raw.run-" + run, commands);
                double rawConsume = consume(kafka, "raw.run-" + run, count);
                produce(kafka, topics.commands(), commands);

                double[] empty = ceiling(kafka, "pass-" + run, commands, dir.resolve("pass-state"), Forward::new, false);
                double passthrough = empty[0];
                double[] storesAlone = ceiling(kafka, "stores-" + run, commands, dir.resolve("stores-state"), StoreCalls::new, true);

                long start = System.nanoTime();
                try (InstanceProcessor processor = InstanceProcessor.start(schema, validator, instance,
                        ProcessorConfig.defaults(kafka.bootstrapServers(), dir.resolve("state")).withCommitInterval(COMMIT_INTERVAL))) {
                    long[] firstAndLast = consumeTimed(kafka, topics.results(), count);
                    double total = (firstAndLast[1] - start) / 1e9;
                    double steady = (count - 1) / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
                    rows.add(String.format(Locale.ROOT, "run %d: topology %.0f commands/s steady (%d commands, first result after %.1f s, all after %.1f s; "
                                    + "stream thread %.1f us CPU a command); empty EOS topology %.0f/s (ratio %.3f; stream thread %.1f us CPU a command); "
                                    + "its stores alone %.0f/s (ratio %.3f; to the empty topology %.3f; stream thread %.1f us CPU a command); "
                                    + "raw producer %.0f/s (ratio %.3f); raw consumer %.0f/s",
                            run, steady, count, (firstAndLast[0] - start) / 1e9, total, streamThreadNanos() / 1e3 / count, passthrough,
                            steady / passthrough, empty[1], storesAlone[0], steady / storesAlone[0], storesAlone[0] / passthrough, storesAlone[1],
                            rawProduce, steady / rawProduce, rawConsume));
                    System.out.println(rows.getLast());
                }
            }
        }
        rows.forEach(System.out::println);
        System.exit(0);
    }

    /** Students (each with a birth sex descriptor reference) and the descriptor they need, first. */
    private static List<byte[]> commands(int count, int run) {
        List<byte[]> commands = new ArrayList<>(count);
        commands.add(MessageCodec.encode(Command.upsert("descriptor-" + run, "ed-fi", "sexDescriptors", MessageCodec.MAPPER.createObjectNode()
                .put("namespace", "uri://ed-fi.org/SexDescriptor").put("codeValue", "Female").put("shortDescription", "Female"), null, null)));
        for (int i = 1; i < count; i++) {
            commands.add(MessageCodec.encode(Command.upsert(UUID.randomUUID().toString(), "ed-fi", "students", MessageCodec.MAPPER.createObjectNode()
                    .put("studentUniqueId", "S" + i).put("firstName", "Lisa").put("lastSurname", "Woods").put("birthDate", "2010-01-13")
                    .put("birthSexDescriptor", "uri://ed-fi.org/SexDescriptor#Female"), null, null)));
        }
        return commands;
    }

    private static double produce(EmbeddedKafka kafka, String topic, List<byte[]> values) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
        return values.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The CPU time of the live stream threads: the processor's own, started with it (each
     * ceiling's topology is closed before the next starts). Unlike the rate, it does not move with what the broker and the
     * clients' threads get of the machine. Its producer's network thread
     * ({@code ...-StreamThread-1-producer}) is not counted.
     */
    private static long streamThreadNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && STREAM_THREAD.matcher(thread.getThreadName()).find()) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return nanos;
    }

    /**
     * A ceiling: a topology of the integrity topology's shape and settings (exactly-once, one
     * source, two sinks), run over the same commands on an instance of its own, whose processor is
     * {@code processor}: {@link Forward} for the framework's own cost, {@link StoreCalls} with the
     * instance's state stores ({@code withStores}, the same builders, caching and changelogs) for
     * what the topology would reach if its logic cost nothing.
     *
     * @return the steady records a second, and the stream thread's CPU a record in microseconds
     */
    private static double[] ceiling(EmbeddedKafka kafka, String instanceName, List<byte[]> commands, Path stateDir,
            ProcessorSupplier<String, byte[], String, byte[]> processor, boolean withStores) {
        InstanceTopics topics = new InstanceTopics(new InstanceId("bench", instanceName));
        kafka.createTopics(List.of(topics.commands(), topics.documents(), topics.results()));
        produce(kafka, topics.commands(), commands);
        ProcessorConfig config = ProcessorConfig.defaults(kafka.bootstrapServers(), stateDir).withCommitInterval(COMMIT_INTERVAL);
        Topology topology = new Topology();
        topology.addSource("commands", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.commands());
        topology.addProcessor("ceiling", processor, "commands");
        if (withStores) {
            IntegrityTopology.addStateStores(topology, config, "ceiling");
        }
        topology.addSink("documents", topics.documents(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "ceiling");
        topology.addSink("results", topics.results(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "ceiling");
        try (KafkaStreams streams = new KafkaStreams(topology, InstanceProcessor.streamsProperties(topics.instance(), config))) {
            streams.start();
            long[] firstAndLast = consumeTimed(kafka, topics.results(), commands.size());
            return new double[] {(commands.size() - 1) / ((firstAndLast[1] - firstAndLast[0]) / 1e9),
                    streamThreadNanos() / 1e3 / commands.size()};
        }
    }

    /** Forwards each command as is, with no state and no validation. */
    private static final class Forward implements Processor<String, byte[], String, byte[]> {

        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            context.forward(record, "documents");
            context.forward(record, "results");
        }
    }

    /**
     * A student's create as store calls, in the order DocumentStore and the corridor make them: the
     * replay check, the identity (not held), the descriptor's holder and its document (for its
     * stored form), the change version and the indexes' mark, the identity and referrer entries, the
     * document, the answer.
     */
    private static final class StoreCalls implements Processor<String, byte[], String, byte[]> {

        private static final Bytes CHANGE_VERSION = Bytes.wrap("changeVersion".getBytes(StandardCharsets.UTF_8));
        private static final Bytes INDEXED_UP_TO = Bytes.wrap(new byte[] {0});
        private static final UUID DESCRIPTOR_REFERENCE = UUID.randomUUID();
        private static final UUID DESCRIPTOR = UUID.randomUUID();

        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<Bytes, byte[]> documents;
        private KeyValueStore<Bytes, byte[]> identities;
        private KeyValueStore<Bytes, byte[]> referrers;
        private WindowStore<String, byte[]> answered;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.documents = context.getStateStore("documents");
            this.identities = context.getStateStore("identities");
            this.referrers = context.getStateStore("referrers");
            this.answered = context.getStateStore("answered");
            identities.put(key(DESCRIPTOR_REFERENCE), bytes(DESCRIPTOR));
            documents.put(key(DESCRIPTOR), new byte[300]);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            String commandId = UUID.randomUUID().toString();
            long issuedAt = record.timestamp();
            UUID referentialId = UUID.randomUUID();
            UUID documentId = UUID.randomUUID();
            if (answered.fetch(commandId, issuedAt) != null || identities.get(key(referentialId)) != null) {
                throw new IllegalStateException("A new command found in the store");
            }
            byte[] descriptor = identities.get(key(DESCRIPTOR_REFERENCE));
            documents.get(Bytes.wrap(descriptor));
            byte[] current = documents.get(CHANGE_VERSION);
            byte[] next = ByteBuffer.allocate(Long.BYTES).putLong(current == null ? 1 : ByteBuffer.wrap(current).getLong() + 1).array();
            documents.put(CHANGE_VERSION, next);
            identities.put(INDEXED_UP_TO, next);
            identities.put(key(referentialId), bytes(documentId));
            referrers.put(Bytes.wrap(ByteBuffer.allocate(32).put(descriptor).put(bytes(documentId)).array()),
                    "students".getBytes(StandardCharsets.UTF_8));
            documents.put(key(documentId), record.value());
            context.forward(record, "documents");
            context.forward(record, "results");
            answered.put(commandId, record.value(), issuedAt);
        }

        private static Bytes key(UUID id) {
            return Bytes.wrap(bytes(id));
        }

        private static byte[] bytes(UUID id) {
            return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        }
    }

    /** Reads {@code count} records; returns the nano times at which the first and the last arrived. */
    private static long[] consumeTimed(EmbeddedKafka kafka, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int seen = 0;
            long first = 0;
            while (seen < count) {
                int got = consumer.poll(Duration.ofMillis(20)).count();
                if (got > 0 && seen == 0) {
                    first = System.nanoTime();
                }
                seen += got;
            }
            return new long[] {first, System.nanoTime()};
        }
    }

    private static double consume(EmbeddedKafka kafka, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long start = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int seen = 0;
            while (seen < count) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
