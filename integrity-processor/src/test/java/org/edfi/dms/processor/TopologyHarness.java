package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.edfi.dms.messages.Command;
import org.edfi.dms.messages.CommandResult;
import org.edfi.dms.messages.DocumentEnvelope;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceTopics;
import org.edfi.dms.messages.MalformedMessageException;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.validation.DocumentValidator;

/** One instance's topology in a TopologyTestDriver, with the write verbs of the Ed-Fi API as methods. */
final class TopologyHarness implements AutoCloseable {

    static final ApiSchema SCHEMA = Fixtures.smallCore();
    static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);
    static final InstanceTopics TOPICS = new InstanceTopics(InstanceId.DEFAULT);

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> commands;
    final TestOutputTopic<String, byte[]> documents;
    final TestOutputTopic<String, byte[]> results;
    private int sequence;

    TopologyHarness() {
        try {
            Path stateDir = Files.createTempDirectory("dms-topology-test");
            ProcessorConfig config = ProcessorConfig.defaults("test:9092", stateDir);
            driver = new TopologyTestDriver(IntegrityTopology.build(SCHEMA, VALIDATOR, TOPICS, config, Clock.systemUTC()),
                    InstanceProcessor.streamsProperties(InstanceId.DEFAULT, config));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        commands = driver.createInputTopic(TOPICS.commands(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        documents = driver.createOutputTopic(TOPICS.documents(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        results = driver.createOutputTopic(TOPICS.results(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    String nextCommandId() {
        return "command-" + (++sequence);
    }

    /** Sends a command and returns its one result. */
    CommandResult send(Command command) {
        commands.pipeInput(command.commandId(), MessageCodec.encode(command));
        return onlyResult();
    }

    CommandResult onlyResult() {
        List<byte[]> values = results.readValuesToList();
        assertEquals(1, values.size(), "every command yields exactly one result");
        try {
            return MessageCodec.decodeResult(values.getFirst());
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    CommandResult post(String resource, String json) {
        return send(Command.upsert(nextCommandId(), "ed-fi", resource, Fixtures.body(json), null, "test-client"));
    }

    CommandResult put(String resource, UUID id, String json, String ifMatch) {
        ObjectNode body = Fixtures.body(json);
        body.put("id", id.toString());
        return send(Command.update(nextCommandId(), "ed-fi", resource, id, ifMatch, body, null, "test-client"));
    }

    CommandResult delete(String resource, UUID id) {
        return delete(resource, id, null);
    }

    CommandResult delete(String resource, UUID id, String ifMatch) {
        return send(Command.delete(nextCommandId(), "ed-fi", resource, id, ifMatch, null, "test-client"));
    }

    /** Posts and requires success, returning the new or updated document's id. */
    UUID created(String resource, String json) {
        CommandResult result = post(resource, json);
        if (!result.succeeded()) {
            throw new AssertionError("Expected " + resource + " to be accepted: " + result.problem());
        }
        return result.documentId();
    }

    /** Every document change emitted since the last call. */
    List<DocumentEnvelope> emitted() {
        return documents.readValuesToList().stream().map(bytes -> {
            try {
                return MessageCodec.decodeDocument(bytes);
            } catch (MalformedMessageException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
