package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A command names when its sender stops waiting; the processor applies nothing of one it reaches
 * later (its sender answered 504 and may be repeating it under other claims), and says so.
 */
class CommandDeadlineRuleTest {

    private final TopologyHarness instance = new TopologyHarness();

    @AfterEach
    void close() {
        instance.close();
    }

    @Test
    void aCommandReachedAfterItsDeadlineIsRefusedWithA504AndChangesNothing() {
        CommandResult late = instance.send(instance.upsert("gradeLevelDescriptors", NINTH_GRADE).due(Instant.now().minusSeconds(1)));

        assertEquals(504, late.status());
        assertEquals(Problem.GATEWAY_TIMEOUT, late.problem().type());
        assertTrue(late.problem().detail().contains("not applied"), late.problem().detail());
        assertTrue(instance.emitted().isEmpty(), "no document change");
        assertEquals(201, instance.post("gradeLevelDescriptors", NINTH_GRADE).status(), "the natural key was not taken");
    }

    @Test
    void aCommandWithinItsDeadlineOrWithoutOneIsApplied() {
        assertEquals(201, instance.send(instance.upsert("gradeLevelDescriptors", NINTH_GRADE).due(Instant.now().plusSeconds(60))).status());
        assertEquals(200, instance.post("gradeLevelDescriptors", NINTH_GRADE.replace("\"Ninth grade\"}", "\"9th\"}")).status(),
                "a Kafka-native command carries no deadline");
    }
}
