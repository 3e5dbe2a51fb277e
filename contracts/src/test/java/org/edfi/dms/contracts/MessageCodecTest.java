package org.edfi.dms.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.Test;

/** The hand-written writers of the processor's hot path produce exactly what the mapper writes (docs/topics.md). */
class MessageCodecTest {

    private static ObjectNode school() throws Exception {
        return (ObjectNode) MessageCodec.MAPPER.readTree("""
                {"schoolId": 255901001, "nameOfInstitution": "Grand Bend \\"Élémentaire\\" 🏫", "gpa": 3.50,
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#First grade"}]}""");
    }

    private static Map<String, String> identity() {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("$.schoolId", "255901001");
        identity.put("$.other", "a \"quoted\" value");
        return identity;
    }

    @Test
    void aCommandCarriesItsGrantsByTheirEdFiNames() throws Exception {
        Command command = Command.upsert("c1", "ed-fi", "students", MessageCodec.MAPPER.createObjectNode(), null, "client")
                .grantedBy(new Grants(java.util.Map.of(Action.CREATE, java.util.List.of(AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED),
                        Action.UPDATE, java.util.List.of(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE))));
        byte[] bytes = MessageCodec.encode(command);
        assertEquals("{\"Create\":[\"NoFurtherAuthorizationRequired\"],\"Update\":[\"RelationshipsWithEdOrgsAndPeople\"]}",
                MessageCodec.MAPPER.readTree(bytes).get("grants").toString());
        assertEquals(command.grants(), MessageCodec.decodeCommand(bytes).grants());
        assertEquals(null, MessageCodec.decodeCommand(MessageCodec.encode(Command.delete("c2", "ed-fi", "students", java.util.UUID.randomUUID(),
                null, null, "client"))).grants(), "a command without grants has what its limits imply");
    }

    @Test
    void aCommandCarriesItsClientsOwnershipTokenWhenItHasOne() throws Exception {
        Command command = Command.upsert("c1", "ed-fi", "students", MessageCodec.MAPPER.createObjectNode(), null, "client").ownedBy("7");
        byte[] bytes = MessageCodec.encode(command);
        assertEquals("7", MessageCodec.MAPPER.readTree(bytes).get("ownershipToken").asText());
        assertEquals("7", MessageCodec.decodeCommand(bytes).ownershipToken());
        assertEquals(null, MessageCodec.decodeCommand(MessageCodec.encode(command.ownedBy(null))).ownershipToken(),
                "a command from before tokens, or from a writer without one, has none");
        assertEquals("bulk load 2024-25", MessageCodec.decodeCommand(MessageCodec.encode(command.ownedBy("bulk load 2024-25"))).ownershipToken());
        for (String unfit : new String[] {"", "  ", "x".repeat(256), "tab\there", "nul\u0000", "é"}) {
            assertThrows(MalformedMessageException.class, () -> MessageCodec.decodeCommand(MessageCodec.encode(command.ownedBy(unfit))));
        }
    }

    @Test
    void aCommandCarriesItsDeadlineAsAnInstantWhenItHasOne() throws Exception {
        Command command = Command.upsert("c1", "ed-fi", "students", MessageCodec.MAPPER.createObjectNode(), null, "client");
        byte[] bytes = MessageCodec.encode(command.due(java.time.Instant.parse("2026-11-21T14:35:47.123Z")));
        assertEquals("2026-11-21T14:35:47.123Z", MessageCodec.MAPPER.readTree(bytes).get("deadline").asText());
        assertEquals(java.time.Instant.parse("2026-11-21T14:35:47.123Z"), MessageCodec.decodeCommand(bytes).deadline());
        assertEquals(null, MessageCodec.MAPPER.readTree(MessageCodec.encode(command)).get("deadline"), "a Kafka-native command may have none");
    }

    @Test
    void aDocumentEnvelopeWithItsBodyBytesSplicedInIsWhatTheMapperWrites() throws Exception {
        ObjectNode body = school();
        DocumentEnvelope envelope = new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", "schools", "School", UUID.randomUUID(),
                identity(), body, "12345", Instant.parse("2026-11-21T10:15:30.123456789Z"), 42, false, "7");

        byte[] spliced = MessageCodec.encodeDocument(envelope, MessageCodec.encode(body));

        assertArrayEquals(MessageCodec.encode(envelope), spliced);
        assertEquals(envelope, MessageCodec.decodeDocument(spliced));
    }

    @Test
    void aDeleteEnvelopeHasNoDocument() throws Exception {
        DocumentEnvelope delete = new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", "schools", "School", UUID.randomUUID(),
                identity(), null, null, Instant.parse("2026-11-21T10:15:30Z"), 43, true, null);

        assertArrayEquals(MessageCodec.encode(delete), MessageCodec.encodeDocument(delete, null));
    }

    @Test
    void resultsOfSuccessAndFailureAreWhatTheMapperWrites() throws Exception {
        CommandResult created = CommandResult.success("c-1", 201, UUID.randomUUID(), "987", Instant.parse("2026-11-21T10:15:30.5Z"), 7L);
        CommandResult unchanged = CommandResult.success("c-2", 200, UUID.randomUUID(), "987", Instant.parse("2026-11-21T10:15:30Z"), null);
        CommandResult refused = CommandResult.failure("c-3", Problem.dependentItemExists(java.util.List.of("Section", "Student \"x\"")));

        for (CommandResult result : new CommandResult[] {created, unchanged, refused}) {
            assertArrayEquals(MessageCodec.encode(result), MessageCodec.encodeResult(result));
            assertEquals(result, MessageCodec.decodeResult(MessageCodec.encodeResult(result)));
        }
    }
}
