package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.Test;

/**
 * A command that carries no limits (no grants, namespaces or education organizations) writes with
 * full access. The API never sends one; a Kafka-native writer does. Where the deployment does not
 * accept them (the production roles' default, docs/operations.md#securing-the-deployment) the
 * processor answers such a command 403 on its result path and changes nothing.
 */
class UnscopedCommandRuleTest {

    @Test
    void aProcessorThatRefusesUnscopedCommandsAnswersThem403AndChangesNothing() {
        try (TopologyHarness instance = TopologyHarness.refusingUnscopedCommands()) {
            CommandResult refused = instance.post("gradeLevelDescriptors", NINTH_GRADE);

            assertEquals(403, refused.status());
            assertEquals(Problem.ACCESS_DENIED + ":unscoped-command", refused.problem().type());
            assertTrue(refused.problem().detail().contains("processor.accept-unscoped-commands"), refused.problem().detail());
            assertTrue(instance.emitted().isEmpty(), "no document change");
        }
    }

    @Test
    void commandsThatCarryTheirWritersLimitsAreAppliedAsEver() {
        try (TopologyHarness instance = TopologyHarness.refusingUnscopedCommands()) {
            assertEquals(201, instance.send(instance.upsert("gradeLevelDescriptors", NINTH_GRADE).grantedBy(Grants.EVERYTHING)).status(),
                    "grants, as the API sends");
            assertEquals(200, instance.send(instance.upsert("gradeLevelDescriptors", NINTH_GRADE)
                    .limitedTo(List.of("uri://ed-fi.org"), null)).status(), "namespace prefixes alone");
        }
    }

    @Test
    void aProcessorThatAcceptsUnscopedCommandsAppliesThem() {
        try (TopologyHarness instance = new TopologyHarness()) {
            assertEquals(201, instance.post("gradeLevelDescriptors", NINTH_GRADE).status());
        }
    }
}
