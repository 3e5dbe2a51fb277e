package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.CommandType;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.validation.DocumentValidator;

/** One instance's topology in a TopologyTestDriver, with the write verbs of the Ed-Fi API as methods. */
final class TopologyHarness implements AutoCloseable {

    static final ApiSchema SCHEMA = Fixtures.smallCore();
    static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);
    static final InstanceTopics TOPICS = new InstanceTopics(InstanceId.DEFAULT);

    final ApiSchema schema;
    final DocumentValidator validator;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> commands;
    final TestOutputTopic<String, byte[]> documents;
    final TestOutputTopic<String, byte[]> results;
    private int sequence;

    TopologyHarness() {
        this(SCHEMA, VALIDATOR);
    }

    TopologyHarness(ApiSchema schema, DocumentValidator validator) {
        this(schema, validator, Tracing.OFF);
    }

    /** A harness whose traced commands are handled in spans of {@code tracing}. */
    TopologyHarness(Tracing tracing) {
        this(SCHEMA, VALIDATOR, tracing, true);
    }

    private TopologyHarness(ApiSchema schema, DocumentValidator validator, Tracing tracing) {
        this(schema, validator, tracing, true);
    }

    /** A processor as the production roles run it by default: commands that carry no limits are refused. */
    static TopologyHarness refusingUnscopedCommands() {
        return new TopologyHarness(SCHEMA, VALIDATOR, Tracing.OFF, false);
    }

    private TopologyHarness(ApiSchema schema, DocumentValidator validator, Tracing tracing, boolean acceptUnscoped) {
        this.schema = schema;
        this.validator = validator;
        try {
            Path stateDir = Files.createTempDirectory("dms-topology-test");
            ProcessorConfig config = ProcessorConfig.defaults("test:9092", stateDir).withUnscopedCommands(acceptUnscoped);
            driver = new TopologyTestDriver(IntegrityTopology.build(schema, validator, TOPICS, config, Clock.systemUTC(), CommandMeter.NONE, tracing),
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

    /** A POST's command, not sent. */
    Command upsert(String resource, String json) {
        return Command.upsert(nextCommandId(), "ed-fi", resource, Fixtures.body(json), null, "test-client");
    }

    /** A PUT's command, its body carrying the id, not sent. */
    Command update(String resource, UUID id, String json, String ifMatch) {
        ObjectNode body = Fixtures.body(json);
        body.put("id", id.toString());
        return Command.update(nextCommandId(), "ed-fi", resource, id, ifMatch, body, null, "test-client");
    }

    CommandResult post(String resource, String json) {
        return send(upsert(resource, json));
    }

    CommandResult put(String resource, UUID id, String json, String ifMatch) {
        return send(update(resource, id, json, ifMatch));
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

    /** The instance's state as the steps see it, to test a step alone against what earlier commands left. */
    DocumentStore store() {
        return new DocumentStore(driver.getKeyValueStore(DocumentStore.DOCUMENTS), driver.getKeyValueStore(DocumentStore.IDENTITIES),
                driver.getKeyValueStore(DocumentStore.MEMBERSHIPS), driver.getKeyValueStore(DocumentStore.REFERRERS));
    }

    /**
     * A valid command's attempt as the steps before the checks against the state leave it: its
     * body validated, its identity resolved, and the document it names by id, or by natural key,
     * found.
     */
    Attempt resolved(Command command) {
        ResourceSchema resource = schema.findResource(command.project(), command.resource()).orElseThrow();
        DocumentStore store = store();
        Attempt attempt = new Attempt(command, resource, store);
        ObjectNode body = command.document().deepCopy();
        Optional<Refusal> invalid = command.type() == CommandType.UPDATE
                ? validator.validateUpdate(resource, command.documentId(), body)
                : validator.validateInsert(resource, body);
        assertEquals(Optional.empty(), invalid, "a valid body");
        attempt.validated(body);
        attempt.resolved(DocumentExtractor.extract(resource, body));
        Optional<UUID> id = command.documentId() != null ? Optional.of(command.documentId())
                : store.holderOf(attempt.extracted().identity().referentialId().value());
        id.flatMap(store::find).ifPresent(attempt::found);
        return attempt;
    }

    @Override
    public void close() {
        driver.close();
    }
}
