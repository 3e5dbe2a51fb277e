package org.edfi.dms.processor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * The topology of one instance, in one place:
 * <pre>
 *   [commands] --> integrity (CommandProcessor + 5 state stores) --> [documents]
 *                                                                \-> [reply topic named by the command, else results]
 * </pre>
 * One instance, one single-partition command topic, one task: commands are applied strictly in
 * order, which is what lets integrity hold without locks.
 */
public final class IntegrityTopology {

    static final String SOURCE = "commands";
    static final String PROCESSOR = "integrity";
    static final String DOCUMENTS_SINK = "documents";
    static final String RESULTS_SINK = "results";
    /** Results already given, by command id, so that a replayed command is answered and not applied again. */
    static final String ANSWERED = "answered";

    private IntegrityTopology() {}

    public static Topology build(ApiSchema schema, DocumentValidator validator, InstanceTopics topics, ProcessorConfig config, Clock clock) {
        return build(schema, validator, topics, config, clock, CommandMeter.NONE, Tracing.OFF);
    }

    public static Topology build(ApiSchema schema, DocumentValidator validator, InstanceTopics topics, ProcessorConfig config, Clock clock,
            CommandMeter meter, Tracing tracing) {
        return build(schema, validator, topics, config, clock, meter, tracing, new FailedCommands(config.limits().maxMessageBytes()),
                CommitSignals.UNKNOWN);
    }

    /**
     * The topology whose processor answers the commands Kafka refused to commit with the problem
     * {@code failed} keeps of them, and paces its commits by what {@code signals} learn from its Kafka clients ({@link CommitPace}).
     */
    static Topology build(ApiSchema schema, DocumentValidator validator, InstanceTopics topics, ProcessorConfig config, Clock clock,
            CommandMeter meter, Tracing tracing, FailedCommands failed, CommitSignals signals) {
        CommandHandler handler = new CommandHandler(schema, validator, clock, config.profiles(), config.limits().maxCascadeDocuments(),
                config.acceptUnscopedCommands());
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.commands());
        topology.addProcessor(PROCESSOR, () -> new CommandProcessor(handler, meter, tracing, failed, signals, config.commitInterval(), clock),
                SOURCE);
        addStateStores(topology, config, PROCESSOR);
        topology.addSink(DOCUMENTS_SINK, topics.documents(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(RESULTS_SINK, replyTopicOr(topics.results()), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }

    /**
     * The state stores of an instance ({@link DocumentStore}'s four and the answered commands),
     * connected to {@code processor}. Public for the benchmark that measures what these stores alone
     * cost a command (TopologyThroughput).
     */
    public static void addStateStores(Topology topology, ProcessorConfig config, String processor) {
        topology.addStateStore(keyValueStore(DocumentStore.DOCUMENTS).withCachingEnabled(), processor);
        // Derived from the documents and rebuilt after a crash, so not changelogged (see DocumentStore).
        for (String store : List.of(DocumentStore.IDENTITIES, DocumentStore.MEMBERSHIPS, DocumentStore.REFERRERS)) {
            topology.addStateStore(keyValueStore(store).withLoggingDisabled(), processor);
        }
        // Not cached: each command id is written once, so a cache would only add work.
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(ANSWERED, config.dedupRetention(), config.dedupRetention(), false),
                Serdes.String(), Serdes.ByteArray()), processor);
    }

    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> keyValueStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    private static TopicNameExtractor<String, byte[]> replyTopicOr(String resultsTopic) {
        return (key, value, context) -> {
            Header replyTo = context.headers().lastHeader(CommandProcessor.REPLY_TO_HEADER);
            return replyTo == null ? resultsTopic : new String(replyTo.value(), StandardCharsets.UTF_8);
        };
    }
}
