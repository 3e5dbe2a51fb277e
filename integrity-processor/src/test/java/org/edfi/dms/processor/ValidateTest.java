package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.STUDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.Fixtures;
import org.junit.jupiter.api.Test;

/** The validate step alone: the body as any writer sent it meets the resource's rules, and goes on normalized. */
class ValidateTest {

    private static final Validate VALIDATE = new Validate(TopologyHarness.VALIDATOR);
    private static final String AS_SENT = """
            {"studentUniqueId": "604822", "firstName": "Lisa", "lastSurname": "Woods", "birthDate": "1/13/2010", "link": {"rel": "Student"}}""";

    /** Validation needs no state. */
    private static Attempt attempt(Command command) {
        return new Attempt(command, TopologyHarness.SCHEMA.findResource("ed-fi", command.resource()).orElseThrow(), null);
    }

    @Test
    void anInsertGoesOnNormalizedWhileTheCommandKeepsTheBodyAsSent() {
        Attempt attempt = attempt(Command.upsert("c1", "ed-fi", "students", Fixtures.body(AS_SENT), null, null));
        assertEquals(Optional.empty(), VALIDATE.insert(attempt));
        assertEquals(Fixtures.body(STUDENT), attempt.body(), "the slash date read, the undeclared link dropped");
        assertEquals(Fixtures.body(AS_SENT), attempt.command().document());
    }

    @Test
    void anInsertThatAssignsTheResourceIdIsRefused() {
        ObjectNode body = Fixtures.body(STUDENT);
        body.put("id", UUID.randomUUID().toString());
        Problem problem = VALIDATE.insert(attempt(Command.upsert("c1", "ed-fi", "students", body, null, null))).orElseThrow();
        assertEquals("The request data was constructed incorrectly.", problem.detail());
    }

    @Test
    void anInvalidBodyIsRefusedWithItsErrorsByPath() {
        Problem problem = VALIDATE.insert(attempt(Command.upsert("c1", "ed-fi", "students", Fixtures.body("{\"studentUniqueId\": \"604822\"}"),
                null, null))).orElseThrow();
        assertEquals(Problem.DATA_VALIDATION_FAILED, problem.type());
        assertEquals(List.of("firstName is required."), problem.validationErrors().get("$.firstName"));
    }

    @Test
    void anUpdateCarriesTheIdOfItsDocumentWhichIsSetAside() {
        UUID id = UUID.randomUUID();
        ObjectNode body = Fixtures.body(STUDENT);
        body.put("id", id.toString());
        Attempt attempt = attempt(Command.update("c1", "ed-fi", "students", id, null, body, null, null));
        assertEquals(Optional.empty(), VALIDATE.update(attempt));
        assertEquals(Fixtures.body(STUDENT), attempt.body());
    }

    @Test
    void anUpdateWhoseBodyIdIsAnotherDocumentsIsRefused() {
        ObjectNode body = Fixtures.body(STUDENT);
        body.put("id", UUID.randomUUID().toString());
        Problem problem = VALIDATE.update(attempt(Command.update("c1", "ed-fi", "students", UUID.randomUUID(), null, body, null, null)))
                .orElseThrow();
        assertEquals(Map.of("$.id", List.of("Request body id must match the id in the url.")), problem.validationErrors());
    }
}
