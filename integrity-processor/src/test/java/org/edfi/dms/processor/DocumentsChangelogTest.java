package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.junit.jupiter.api.Test;

/**
 * The documents changelog read from outside the processor says what the processor holds: each live
 * document at its last change version and natural key, no deleted one, and the last change version
 * handed out; the same as the documents topic tells.
 */
class DocumentsChangelogTest {

    @Test
    void theChangelogReadsAsTheDocumentsTheProcessorHolds() {
        try (TopologyHarness instance = new TopologyHarness()) {
            UUID grade = instance.created("gradeLevelDescriptors", NINTH_GRADE);
            UUID lea = instance.created("localEducationAgencies", LEA);
            UUID school = instance.created("schools", SCHOOL);
            instance.put("localEducationAgencies", lea, LEA.replace("Grand Bend ISD", "Grand Bend Unified"), null);
            instance.delete("schools", school);
            List<DocumentEnvelope> emitted = instance.emitted();

            DocumentsChangelog changelog = new DocumentsChangelog();
            for (TestRecord<byte[], byte[]> record : instance.driver.createOutputTopic(DocumentsChangelog.topic(InstanceId.DEFAULT),
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList()) {
                changelog.apply(record.key(), record.value());
            }

            assertEquals(Set.of(grade, lea), changelog.documents().keySet());
            DocumentEnvelope lastOfLea = emitted.stream().filter(e -> e.documentId().equals(lea)).reduce((a, b) -> b).orElseThrow();
            assertEquals(new DocumentsChangelog.Entry(lastOfLea.referentialId(), lastOfLea.changeVersion()), changelog.documents().get(lea));
            assertEquals(emitted.getLast().changeVersion(), changelog.changeVersion());
            assertEquals(5, changelog.changeVersion());
        }
    }
}
