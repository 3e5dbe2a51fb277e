package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.BELL_SCHEDULE;
import static org.edfi.dms.processor.GrandBendDocuments.CLASS_PERIOD;
import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plan cascade step alone: which documents a replacement rewrites, planned in memory before
 * anything is written. The instance holds Grand Bend High School, its class period P1 and a bell
 * schedule that references it.
 */
class PlanCascadeTest {

    /** The small core model, except that a bell schedule holds class period names of 10 characters at most (a class period's are 60). */
    private static final ApiSchema SHORT_NAMES_IN_SCHEDULES = shortNamesInSchedules();

    private final TopologyHarness instance = new TopologyHarness(SHORT_NAMES_IN_SCHEDULES, DocumentValidator.forSchema(SHORT_NAMES_IN_SCHEDULES));
    private final PlanCascade planCascade = new PlanCascade(instance.schema, instance.validator);
    private UUID period;
    private UUID schedule;

    private static ApiSchema shortNamesInSchedules() {
        ObjectNode json = Fixtures.smallCoreJson();
        ((ObjectNode) json.at("/projectSchemas/ed-fi/resourceSchemas/bellSchedules/jsonSchemaForInsert/properties/classPeriods/items"
                + "/properties/classPeriodReference/properties/classPeriodName")).put("maxLength", 10);
        return Fixtures.load(json);
    }

    @BeforeEach
    void aScheduleOfClassPeriodP1() {
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        instance.created("schools", SCHOOL);
        period = instance.created("classPeriods", CLASS_PERIOD.formatted("P1"));
        schedule = instance.created("bellSchedules", BELL_SCHEDULE.formatted("P1"));
        instance.emitted();
    }

    @AfterEach
    void close() {
        instance.close();
    }

    private static String periodNameIn(ObjectNode schedule) {
        return schedule.at("/classPeriods/0/classPeriodReference/classPeriodName").asText();
    }

    @Test
    void aReplacementThatKeepsItsNaturalKeyRewritesItselfAloneHoweverReferenced() {
        Attempt attempt = instance.resolved(instance.upsert("localEducationAgencies", LEA.replace("Grand Bend ISD", "GBISD")));
        assertEquals(Optional.empty(), planCascade.apply(attempt));
        assertEquals(List.of(attempt.existing().documentId()), attempt.plan().stream().map(r -> r.previous().documentId()).toList());
    }

    @Test
    void aRenamedClassPeriodRewritesTheScheduleReferencingItInMemoryOnly() {
        Attempt attempt = instance.resolved(instance.update("classPeriods", period, CLASS_PERIOD.formatted("Period 1"), null));
        assertEquals(Optional.empty(), planCascade.apply(attempt));

        List<IdentityCascade.Rewrite> plan = attempt.plan();
        assertEquals(List.of(period, schedule), plan.stream().map(r -> r.previous().documentId()).toList(), "the renamed period first");
        assertEquals("Period 1", periodNameIn(plan.get(1).body()));
        assertEquals("P1", periodNameIn(instance.store().find(schedule).orElseThrow().document()), "nothing is written yet");
        assertTrue(instance.emitted().isEmpty());
    }

    @Test
    void aRewriteThatWouldBreakAReferrersRulesRefusesTheWholeCascade() {
        Attempt attempt = instance.resolved(instance.update("classPeriods", period, CLASS_PERIOD.formatted("First period"), null));
        Problem refusal = planCascade.apply(attempt).orElseThrow();
        assertEquals(Problem.DEPENDENT_ITEM_EXISTS, refusal.type());
        assertTrue(refusal.errors().getFirst().startsWith("Changing the identity would make referencing BellSchedule " + schedule + " invalid"),
                refusal.errors().getFirst());
        assertEquals(List.of(), attempt.plan());
    }

    @Test
    void aCascadeOverTheBoundIsRefusedWholeBeforeAnythingIsWritten() {
        instance.created("bellSchedules", BELL_SCHEDULE.replace("Normal", "Late start").formatted("P1"));
        instance.emitted();
        Attempt attempt = instance.resolved(instance.update("classPeriods", period, CLASS_PERIOD.formatted("Period 1"), null));

        Problem refusal = new PlanCascade(instance.schema, instance.validator, 1).apply(attempt).orElseThrow();
        assertEquals(Problem.CASCADE_TOO_LARGE, refusal.type());
        assertEquals(409, refusal.status());
        assertEquals(List.of(), attempt.plan());
        assertEquals("P1", periodNameIn(instance.store().find(schedule).orElseThrow().document()), "nothing is written");
        assertTrue(instance.emitted().isEmpty());
    }

    @Test
    void aCascadeAtTheBoundIsPlanned() {
        Attempt attempt = instance.resolved(instance.update("classPeriods", period, CLASS_PERIOD.formatted("Period 1"), null));
        assertEquals(Optional.empty(), new PlanCascade(instance.schema, instance.validator, 1).apply(attempt));
        assertEquals(List.of(period, schedule), attempt.plan().stream().map(r -> r.previous().documentId()).toList());
    }

    @Test
    void anInsertHasNothingToPlan() {
        Attempt attempt = instance.resolved(instance.upsert("classPeriods", CLASS_PERIOD.formatted("P2")));
        assertEquals(Optional.empty(), planCascade.apply(attempt));
        assertEquals(List.of(), attempt.plan());
    }
}
