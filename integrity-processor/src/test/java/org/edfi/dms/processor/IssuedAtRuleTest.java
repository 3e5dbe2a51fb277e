package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A command is recognized when it comes again by its commandId and issuedAt, within the retention of
 * the answered commands, which runs behind the latest issuedAt the processor has seen. A Kafka-native
 * writer sets issuedAt itself; one from a clock far ahead must not end the recognition of every other
 * command's replays.
 */
class IssuedAtRuleTest {

    private final TopologyHarness instance = new TopologyHarness();

    @AfterEach
    void close() {
        instance.close();
    }

    @Test
    void aCommandIssuedFarAheadOfTheProcessorsClockIsRefusedAndChangesNothing() throws IOException {
        CommandResult ahead = sendIssuedAt(instance.upsert("gradeLevelDescriptors", NINTH_GRADE), Instant.now().plus(Duration.ofDays(2)));

        assertEquals(400, ahead.status());
        assertEquals(Problem.BAD_REQUEST, ahead.problem().type());
        assertTrue(ahead.problem().errors().getFirst().contains("ahead of the processor's clock"), ahead.problem().toString());
        assertTrue(instance.emitted().isEmpty(), "no document change");
        assertEquals(201, instance.post("gradeLevelDescriptors", NINTH_GRADE).status(), "the natural key was not taken");
    }

    @Test
    void replaysAreStillRecognizedAfterACommandIssuedFarAhead() throws IOException {
        sendIssuedAt(instance.upsert("gradeLevelDescriptors", NINTH_GRADE), Instant.now().plus(Duration.ofDays(2)));
        Command command = instance.upsert("gradeLevelDescriptors", NINTH_GRADE.replace("Ninth", "Tenth"));

        CommandResult first = instance.send(command);
        CommandResult replay = instance.send(command);

        assertEquals(201, first.status());
        assertEquals(first, replay, "the replay is answered with the first result");
        assertEquals(1, instance.emitted().size(), "and applied once");
    }

    @Test
    void aCommandIssuedAFewMinutesAheadIsApplied() throws IOException {
        CommandResult skewed = sendIssuedAt(instance.upsert("gradeLevelDescriptors", NINTH_GRADE), Instant.now().plus(Duration.ofMinutes(5)));

        assertEquals(201, skewed.status(), "a sender's clock a little ahead of the processor's is clock skew, not an error");
    }

    /** Sends the command as a Kafka-native writer whose clock says {@code issuedAt} would. */
    private CommandResult sendIssuedAt(Command command, Instant issuedAt) throws IOException {
        ObjectNode json = (ObjectNode) MessageCodec.MAPPER.readTree(MessageCodec.encode(command));
        json.put("issuedAt", issuedAt.toString());
        instance.commands.pipeInput(command.commandId(), MessageCodec.MAPPER.writeValueAsBytes(json));
        return instance.onlyResult();
    }
}
