package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.edfi.dms.processor.GrandBendDocuments.STUDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
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
 * The identity, membership and referrer indexes are kept beside the documents but not
 * changelogged. When an instance's task moves from node A to node B, B writes, and the task comes
 * back to A (whose state directory still holds its clean checkpoint), A restores B's documents from
 * the changelog, and its indexes must follow them: what B created, referenced and deleted holds on A.
 * Two processors with a state directory each, on a real broker.
 */
class IndexesAfterFailoverTest {

    private static final ApiSchema SCHEMA = Fixtures.smallCore();
    private static final String SECOND_STUDENT = """
            {"studentUniqueId": "604823", "firstName": "Ann", "lastSurname": "Woods", "birthDate": "2010-02-13"}""";
    private static final String ENROLLMENT = """
            {"educationOrganizationReference": {"educationOrganizationId": 255901001}, "studentReference": {"studentUniqueId": "%s"}}""";

    @Test
    void aTaskThatComesBackToANodeFindsItsIndexesAtTheOtherNodesWrites(@TempDir Path dir) throws Exception {
        InstanceTopics topics = new InstanceTopics(InstanceId.DEFAULT);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(kafka.bootstrapServers());
                KafkaConsumer<String, byte[]> results = KafkaTestClients.consumer(kafka.bootstrapServers(), topics.results())) {
            kafka.createTopics(List.of(topics.commands(), topics.documents(), topics.results())); // what provisioning makes
            Commands commands = new Commands(producer, results, topics);

            // Node A holds the task first.
            InstanceProcessor a = start(kafka, dir.resolve("node-a"), "node-a");
            commands.created("descriptor", "gradeLevelDescriptors", NINTH_GRADE);
            commands.created("lea", "localEducationAgencies", LEA);
            CommandResult school = commands.created("school", "schools", SCHOOL);
            CommandResult lisa = commands.created("lisa", "students", STUDENT);

            // It moves to node B (A stops cleanly, keeping its checkpoint), which writes more.
            InstanceProcessor b = start(kafka, dir.resolve("node-b"), "node-b");
            a.close();
            CommandResult ann = commands.created("ann", "students", SECOND_STUDENT);
            commands.created("ann-enrolled", "studentEducationOrganizationAssociations", ENROLLMENT.formatted("604823"));
            assertEquals(204, commands.send(Command.delete("lisa-gone", "ed-fi", "students", lisa.documentId(), null, null, null)).status());

            // And comes back to A.
            a = start(kafka, dir.resolve("node-a"), "node-a");
            b.close();
            try {
                CommandResult annAgain = commands.send(Command.upsert("ann-again", "ed-fi", "students",
                        Fixtures.body(SECOND_STUDENT.replace("Ann", "Anna")), null, null));
                assertEquals(200, annAgain.status(), "the natural key B created is taken on A: the upsert updates B's student");
                assertEquals(ann.documentId(), annAgain.documentId());

                CommandResult schoolDeleted = commands.send(Command.delete("school-gone", "ed-fi", "schools", school.documentId(), null, null, null));
                assertEquals(409, schoolDeleted.status(), "B's enrollment references the school, so A refuses to delete it");

                CommandResult lisaEnrolled = commands.send(Command.upsert("lisa-enrolled", "ed-fi", "studentEducationOrganizationAssociations",
                        Fixtures.body(ENROLLMENT.formatted("604822")), null, null));
                assertEquals(409, lisaEnrolled.status(), "the student B deleted is gone on A: a reference to it does not resolve");

                CommandResult lisaAgain = commands.send(Command.upsert("lisa-again", "ed-fi", "students", Fixtures.body(STUDENT), null, null));
                assertEquals(201, lisaAgain.status(), "the natural key B freed is free on A");
            } finally {
                a.close();
            }
        }
    }

    private static InstanceProcessor start(EmbeddedKafka kafka, Path stateDir, String nodeId) {
        ProcessorConfig defaults = ProcessorConfig.defaults(kafka.bootstrapServers(), stateDir);
        ProcessorConfig config = new ProcessorConfig(nodeId, defaults.bootstrapServers(), stateDir, defaults.commitInterval(),
                defaults.dedupRetention(), defaults.replicationFactor(), defaults.cacheMaxBytes());
        return InstanceProcessor.start(SCHEMA, DocumentValidator.forSchema(SCHEMA), InstanceId.DEFAULT, config);
    }

    /** Commands sent one at a time, each waited for: whichever processor holds the task answers. */
    private record Commands(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> results, InstanceTopics topics) {

        CommandResult created(String commandId, String resource, String body) throws Exception {
            CommandResult result = send(Command.upsert(commandId, "ed-fi", resource, Fixtures.body(body), null, null));
            assertEquals(201, result.status(), commandId + ": " + result.problem());
            return result;
        }

        CommandResult send(Command command) throws Exception {
            producer.send(new ProducerRecord<>(topics.commands(), command.commandId(), MessageCodec.encode(command))).get();
            // The other node's session (10 s) may have to run out before this one takes the task over.
            List<ConsumerRecord<String, byte[]>> seen = KafkaTestClients.readUntil(results, List.of(),
                    r -> r.stream().anyMatch(record -> record.key().equals(command.commandId())), Duration.ofSeconds(90));
            ConsumerRecord<String, byte[]> answer = seen.stream().filter(record -> record.key().equals(command.commandId())).findFirst().orElse(null);
            assertNotNull(answer, "no result for " + command.commandId());
            return MessageCodec.decodeResult(answer.value());
        }
    }
}
