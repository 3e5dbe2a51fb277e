package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.Fixtures;
import org.junit.jupiter.api.Test;

/** The processor's stored form of a document, and its state written before documents carried an ownership token. */
class StoredDocumentCodecTest {

    /** A student as the release before ownership tokens encoded it (captured from that code): it ends at the body. */
    private static final String WRITTEN_BEFORE_OWNERSHIP_TOKENS = "AQsPXDwqmk57jVE/HSpbbH0ABWVkLWZpAAhzdHVkZW50cwAHU3R1ZGVudDr2rYUSElgzvm/4329NZAIAAAABAB"
            + "EkLnN0dWRlbnRVbmlxdWVJZAAGNjA0ODIyAAAAAW8dPB4cG02OmlUMSx5vOhAAEzUyNDk5OTIyNDU3ODk0MDY1NjcAAAAAawGsNAhYOwAAAAAAAAAAEQAAAC97InN0dW"
            + "RlbnRVbmlxdWVJZCI6IjYwNDgyMiIsImZpcnN0TmFtZSI6Ikxpc2EifQ==";

    private static StoredDocument student(String ownershipToken) {
        ObjectNode body = Fixtures.body("{\"studentUniqueId\": \"604822\", \"firstName\": \"Lisa\"}");
        return new StoredDocument(UUID.fromString("0b0f5c3c-2a9a-4e7b-8d51-3f1d2a5b6c7d"), "ed-fi", "students", "Student",
                UUID.fromString("3af6ad85-1212-5833-be6f-f8df6f4d6402"), null, null, Map.of("$.studentUniqueId", "604822"),
                List.of(UUID.fromString("6f1d3c1e-1c1b-4d8e-9a55-0c4b1e6f3a10")), body, "5249992245789406567",
                Instant.parse("2026-11-21T14:35:32.140Z"), 17, ownershipToken);
    }

    private static byte[] encode(StoredDocument document) {
        return StoredDocumentCodec.encode(document, MessageCodec.encode(document.document()));
    }

    @Test
    void stateWrittenBeforeOwnershipTokensReadsAsADocumentWithoutOne() {
        StoredDocument before = StoredDocumentCodec.decode(Base64.getDecoder().decode(WRITTEN_BEFORE_OWNERSHIP_TOKENS));
        assertEquals(student(null), before);
        assertNull(before.ownershipToken());
    }

    @Test
    void aDocumentWithoutATokenIsWrittenAsBeforeSoThePreviousReleaseReadsIt() {
        assertEquals(WRITTEN_BEFORE_OWNERSHIP_TOKENS, Base64.getEncoder().encodeToString(encode(student(null))));
    }

    @Test
    void theOwnershipTokenFollowsTheBodyAndReadsBack() {
        byte[] owned = encode(student("application 7"));
        assertEquals(student("application 7"), StoredDocumentCodec.decode(owned));
        byte[] unowned = encode(student(null));
        assertEquals(unowned.length + 2 + "application 7".length(), owned.length,
                "the previous release stops at the body and ignores what follows");
    }
}
