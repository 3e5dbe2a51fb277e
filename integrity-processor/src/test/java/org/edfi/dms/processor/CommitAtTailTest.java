package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor commits as soon as it has caught up with its commands ({@link CommitPace}), so a
 * lone write is answered without waiting for the commit interval. Here the interval is 2 s: with
 * Kafka Streams' timer alone, a lone command would wait for the timer's next tick, anywhere up
 * to the whole interval; each of three lone commands, a pause longer than the interval after the
 * previous one, is answered in less than a fifth of it. One that comes within the interval of the
 * previous commit is committed when the interval is up. A burst of commands is answered whole.
 */
class CommitAtTailTest {

    private static final ApiSchema SCHEMA = Fixtures.smallCore();
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @Test
    void aLoneCommandIsCommittedAtOnceAndABurstWhole(@TempDir Path dir) throws Exception {
        InstanceTopics topics = new InstanceTopics(InstanceId.DEFAULT);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(kafka.bootstrapServers());
                KafkaConsumer<String, byte[]> results = KafkaTestClients.consumer(kafka.bootstrapServers(), topics.results())) {
            kafka.createTopics(List.of(topics.commands(), topics.documents(), topics.results()));
            ProcessorConfig config = ProcessorConfig.defaults(kafka.bootstrapServers(), dir.resolve("state")).withCommitInterval(INTERVAL);
            try (InstanceProcessor processor = InstanceProcessor.start(SCHEMA, DocumentValidator.forSchema(SCHEMA), InstanceId.DEFAULT, config)) {
                List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
                // The first waits for the processor to start and take the task.
                seen = answered(producer, results, topics, seen, List.of(upsert("first", "First grade")), Duration.ofSeconds(90));

                for (int i = 0; i < 3; i++) {
                    Thread.sleep(INTERVAL.plusMillis(200));
                    long sent = System.nanoTime();
                    seen = answered(producer, results, topics, seen, List.of(upsert("lone-" + i, "Lone grade " + i)), Duration.ofSeconds(50));
                    Duration took = Duration.ofNanos(System.nanoTime() - sent);
                    assertTrue(took.compareTo(INTERVAL.dividedBy(5)) < 0, "a lone command is answered at once, not at the timer's tick: " + took);
                }

                // A command that comes within the interval of the previous commit waits for the interval,
                // and no longer: not for the stream thread's idle poll (as long again) to end.
                seen = answered(producer, results, topics, seen, List.of(upsert("before-soon", "Before soon")), Duration.ofSeconds(50));
                Thread.sleep(INTERVAL.multipliedBy(6).dividedBy(10));
                long sent = System.nanoTime();
                seen = answered(producer, results, topics, seen, List.of(upsert("soon", "Soon")), Duration.ofSeconds(50));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                assertTrue(took.compareTo(INTERVAL.dividedBy(5)) > 0, "a command within the interval of a commit waits for it: " + took);
                assertTrue(took.compareTo(INTERVAL.multipliedBy(3).dividedBy(4)) < 0, "and is committed when the interval is up: " + took);

                List<Command> burst = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    burst.add(upsert("burst-" + i, "Grade " + i));
                }
                answered(producer, results, topics, seen, burst, Duration.ofSeconds(50));
            }
        }
    }

    private static Command upsert(String commandId, String codeValue) {
        return Command.upsert(commandId, "ed-fi", "gradeLevelDescriptors", Fixtures.body(NINTH_GRADE.replace("Ninth grade", codeValue)), null, null);
    }

    /** Sends {@code commands} and reads results until each has one; fails when one is missing after {@code within}. */
    private static List<ConsumerRecord<String, byte[]>> answered(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> results,
            InstanceTopics topics, List<ConsumerRecord<String, byte[]>> soFar, List<Command> commands, Duration within) throws Exception {
        for (Command command : commands) {
            producer.send(new ProducerRecord<>(topics.commands(), command.commandId(), MessageCodec.encode(command)));
        }
        producer.flush();
        Set<String> ids = commands.stream().map(Command::commandId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> seen = KafkaTestClients.readUntil(results, soFar,
                records -> records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ids), within);
        Set<String> answered = seen.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        for (Command command : commands) {
            assertTrue(answered.contains(command.commandId()), "no result for " + command.commandId());
        }
        for (ConsumerRecord<String, byte[]> record : seen) {
            if (ids.contains(record.key())) {
                assertEquals(201, MessageCodec.decodeResult(record.value()).status(), record.key());
            }
        }
        return seen;
    }
}
