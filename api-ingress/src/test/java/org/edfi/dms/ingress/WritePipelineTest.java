package org.edfi.dms.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.CommandType;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Test;

/**
 * What the ingress refuses before Kafka, and what it turns an accepted request into. The commands
 * are captured where Kafka would take them, and answered as the processor would.
 */
class WritePipelineTest {

    private static final ApiSchema SCHEMA = Fixtures.smallCore();
    private static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);
    private static final String STUDENT = """
            {"studentUniqueId": "604822", "firstName": "Lisa", "lastSurname": "Woods", "birthDate": "1/13/2010"}""";

    private final List<Command> sent = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private CommandResult nextResult;

    private final CommandSink kafka = new CommandSink() {
        @Override
        public CommandResult dispatch(InstanceId instance, String key, Command command, TraceParent trace) {
            sent.add(command);
            keys.add(key);
            return nextResult;
        }

        @Override
        public String replyTopic() {
            return "dms.replies.test";
        }
    };

    private final WritePipeline pipeline = new WritePipeline(SCHEMA, VALIDATOR, kafka, VisibilityGate.NONE);

    private static WriteRequest request(String resource, String id, String body) {
        return new WriteRequest(InstanceId.DEFAULT, "/data/ed-fi/" + resource, "ed-fi", resource, id, body.getBytes(StandardCharsets.UTF_8), null, null, null, TraceParent.begin());
    }

    @Test
    void anAcceptedPostBecomesAnUpsertOfTheBodyAsSentKeyedByItsReferentialId() {
        UUID created = UUID.randomUUID();
        nextResult = CommandResult.success("x", 201, created, "42", java.time.Instant.now(), 1L);
        String sentBody = STUDENT.replace("{", "{\"link\": {\"rel\": \"Student\"}, ");
        Answer answer = pipeline.upsert(request("students", null, sentBody));

        assertEquals(201, answer.status());
        assertEquals(Map.of("Location", "/data/ed-fi/students/" + created, "ETag", "\"42\""), answer.headers());
        Command command = sent.getFirst();
        assertEquals(CommandType.UPSERT, command.type());
        assertEquals("students", command.resource());
        assertEquals("dms.replies.test", command.replyTo());
        assertEquals(Fixtures.body(sentBody), command.document(), "the processor validates and normalizes the body it receives");
        ResourceSchema students = SCHEMA.findResource("ed-fi", "students").orElseThrow();
        assertEquals(DocumentExtractor.identityOf(students, Fixtures.body(STUDENT)).referentialId().toString(), keys.getFirst());
    }

    @Test
    void anInvalidBodyIsRefusedBeforeKafka() {
        Answer answer = pipeline.upsert(request("students", null, "{\"studentUniqueId\": \"604822\"}"));
        assertEquals(400, answer.status());
        assertEquals(Problem.DATA_VALIDATION_FAILED, answer.problem().type());
        assertTrue(sent.isEmpty());
    }

    @Test
    void anUnknownResourceIs404() {
        Answer answer = pipeline.upsert(request("spaceships", null, "{}"));
        assertEquals(404, answer.status());
        assertEquals(Problem.NOT_FOUND, answer.problem().type());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aMalformedIdIsABadRequest() {
        assertEquals(List.of("The value 'not-a-uuid' is not valid."),
                pipeline.update(request("students", "not-a-uuid", STUDENT)).problem().validationErrors().get("$.id"));
        assertEquals(400, pipeline.delete(request("students", "12345", "")).status());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aPutWithoutTheIdInItsBodyIsRefused() {
        Answer answer = pipeline.update(request("students", UUID.randomUUID().toString(), STUDENT));
        assertEquals(List.of("id is required."), answer.problem().validationErrors().get("$.id"));
        assertTrue(sent.isEmpty());
    }

    @Test
    void aPutWhoseBodyIdDiffersFromTheUrlIsRefused() {
        String body = STUDENT.replace("{", "{\"id\": \"" + UUID.randomUUID() + "\", ");
        Answer answer = pipeline.update(request("students", UUID.randomUUID().toString(), body));
        assertEquals(400, answer.status());
        assertEquals(List.of("Request body id must match the id in the url."), answer.problem().validationErrors().get("$.id"));
        assertTrue(sent.isEmpty());
    }

    @Test
    void aPutCarriesTheIdAndIfMatchAndIsKeyedByTheDocumentId() {
        UUID id = UUID.randomUUID();
        nextResult = CommandResult.success("x", 204, id, "43", java.time.Instant.now(), 2L);
        String body = STUDENT.replace("{", "{\"id\": \"" + id + "\", ");
        WriteRequest request = new WriteRequest(InstanceId.DEFAULT, "/data/ed-fi/students", "ed-fi", "students", id.toString(),
                body.getBytes(StandardCharsets.UTF_8), "42", null, null, TraceParent.begin());
        Answer answer = pipeline.update(request);
        assertEquals(204, answer.status());
        assertEquals(Map.of("ETag", "\"43\""), answer.headers());
        Command command = sent.getFirst();
        assertEquals(id, command.documentId());
        assertEquals("42", command.ifMatch());
        assertEquals(Fixtures.body(body), command.document(), "the body as sent, its id included");
        assertEquals(id.toString(), keys.getFirst());
    }

    @Test
    void theProcessorsRefusalIsTheAnswer() {
        nextResult = CommandResult.failure("x", Problem.optimisticLockFailed());
        Answer answer = pipeline.delete(request("students", UUID.randomUUID().toString(), ""));
        assertEquals(412, answer.status());
        assertEquals(Problem.optimisticLockFailed(), answer.problem());
        assertNull(sent.getFirst().document());
    }

    @Test
    void aCommittedWriteTheStoreDidNotShowInTimeIsNotAnsweredAsDone() {
        WritePipeline lagging = new WritePipeline(SCHEMA, VALIDATOR, kafka, (instance, changeVersion) -> false);
        UUID id = UUID.randomUUID();
        nextResult = CommandResult.success("x", 201, id, "42", java.time.Instant.now(), 7L);

        Answer answer = lagging.upsert(request("students", null, STUDENT));

        assertEquals(504, answer.status(), "a 201 would promise that a read sees the write");
        assertEquals(Problem.GATEWAY_TIMEOUT, answer.problem().type());
        assertTrue(answer.problem().detail().contains("committed"), answer.problem().detail());
        assertTrue(answer.problem().errors().toString().contains(id.toString()), "it names the committed document: " + answer.problem().errors());
    }
}
