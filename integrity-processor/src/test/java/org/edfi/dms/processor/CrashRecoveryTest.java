package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.schema.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash, on a real broker: the processor runs in its own JVM, is killed with
 * SIGKILL in the middle of a stream of commands, and is restarted on the same state directory.
 * Every command must end with exactly one committed result, every document must be committed
 * exactly once, and change versions must run without a gap or a repeat.
 */
class CrashRecoveryTest {

    private static final int STUDENTS = 3000;

    @Test
    void aProcessorKilledMidStreamLosesNothingAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
        InstanceTopics topics = new InstanceTopics(InstanceId.DEFAULT);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(kafka.bootstrapServers());
                KafkaConsumer<String, byte[]> results = KafkaTestClients.consumer(kafka.bootstrapServers(), topics.results());
                KafkaConsumer<String, byte[]> documents = KafkaTestClients.consumer(kafka.bootstrapServers(), topics.documents())) {
            kafka.createTopics(List.of(topics.commands(), topics.documents(), topics.results())); // what provisioning makes
            Path state = dir.resolve("state");
            Process first = startProcessor(kafka, state);

            List<Command> commands = new ArrayList<>();
            commands.add(Command.upsert("descriptor", "ed-fi", "gradeLevelDescriptors", Fixtures.body(
                    "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}"), null, null));
            for (int i = 0; i < STUDENTS; i++) {
                commands.add(Command.upsert("student-" + i, "ed-fi", "students", Fixtures.body(
                        "{\"studentUniqueId\": \"S" + i + "\", \"firstName\": \"F\", \"lastSurname\": \"L\", \"birthDate\": \"2010-01-13\"}"), null, null));
            }
            for (Command command : commands) {
                producer.send(new ProducerRecord<>(topics.commands(), command.commandId(), MessageCodec.encode(command)));
            }
            producer.flush();

            // Kill the processor once a third of the results are committed.
            List<ConsumerRecord<String, byte[]>> seen = KafkaTestClients.readUntil(results, List.of(),
                    r -> r.size() >= commands.size() / 3, Duration.ofSeconds(90));
            assertTrue(seen.size() >= commands.size() / 3, "the first processor made progress: " + seen.size());
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertTrue(seen.size() < commands.size(), "the kill came mid-stream");

            Process second = startProcessor(kafka, state);
            try {
                seen = KafkaTestClients.readUntil(results, seen, r -> r.size() >= commands.size(), Duration.ofSeconds(120));
                // A replayed command after the restart is answered, not applied again.
                producer.send(new ProducerRecord<>(topics.commands(), "student-7", MessageCodec.encode(commands.get(8)))).get();
                // A new upsert of a student from before the crash finds it: the identity index was rebuilt.
                producer.send(new ProducerRecord<>(topics.commands(), "again-5", MessageCodec.encode(Command.upsert("again-5", "ed-fi", "students",
                        Fixtures.body("{\"studentUniqueId\": \"S5\", \"firstName\": \"G\", \"lastSurname\": \"L\", \"birthDate\": \"2010-01-13\"}"),
                        null, null)))).get();
                seen = KafkaTestClients.readUntil(results, seen, r -> r.size() >= commands.size() + 2, Duration.ofSeconds(60));
                Thread.sleep(500);
                seen = KafkaTestClients.readUntil(results, seen, r -> false, Duration.ofMillis(500));
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            List<CommandResult> answers = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : seen) {
                answers.add(MessageCodec.decodeResult(record.value()));
            }
            CommandResult again = answers.removeLast();
            CommandResult replay = answers.removeLast();
            assertEquals(commands.size(), answers.size(), "one result per command");
            assertEquals(commands.size(), answers.stream().map(CommandResult::commandId).distinct().count());
            assertTrue(answers.stream().allMatch(a -> a.status() == 201), "every command was a new document");
            CommandResult original = answers.stream().filter(a -> a.commandId().equals("student-7")).findFirst().orElseThrow();
            assertEquals(original, replay, "the replay got the first answer");
            CommandResult student5 = answers.stream().filter(a -> a.commandId().equals("student-5")).findFirst().orElseThrow();
            assertEquals(200, again.status());
            assertEquals(student5.documentId(), again.documentId());

            List<ConsumerRecord<String, byte[]>> committed = KafkaTestClients.readUntil(documents, List.of(),
                    r -> r.size() >= commands.size() + 1, Duration.ofSeconds(30));
            committed = KafkaTestClients.readUntil(documents, committed, r -> false, Duration.ofSeconds(1));
            Set<Long> versions = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : committed) {
                DocumentEnvelope envelope = MessageCodec.decodeDocument(record.value());
                versions.add(envelope.changeVersion());
                ids.add(envelope.documentId().toString());
            }
            assertEquals(commands.size() + 1, committed.size(), "each document committed exactly once, and the update");
            assertEquals(commands.size(), ids.size());
            assertEquals(commands.size() + 1, versions.size());
            assertEquals(1L, versions.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertEquals(commands.size() + 1, versions.stream().mapToLong(Long::longValue).max().orElseThrow(), "no gap in change versions");
        }
    }

    private static Process startProcessor(EmbeddedKafka kafka, Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ProcessorProcess.class.getName(), kafka.bootstrapServers(), state.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals("RUNNING")) {
                Thread.ofVirtual().start(() -> output.lines().forEach(l -> { }));
                return process;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("The processor process did not start");
    }
}
