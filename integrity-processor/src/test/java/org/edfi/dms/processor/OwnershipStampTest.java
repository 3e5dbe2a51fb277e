package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.COURSE_OFFERING;
import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL_YEAR;
import static org.edfi.dms.processor.GrandBendDocuments.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Documents remember the ownership token of the client that created them, through the whole
 * topology: the insert stamps the command's token, and no later write (PUT, POST of the natural
 * key, identity cascade) changes it, whoever makes it; a refused write emits nothing.
 */
class OwnershipStampTest {

    private static final String OWNER = "3";
    private static final String ANOTHER_OWNER = "4";
    private static final Grants OWNERSHIP = new Grants(Map.of(Action.CREATE, List.of(AuthorizationStrategy.OWNERSHIP_BASED),
            Action.UPDATE, List.of(AuthorizationStrategy.OWNERSHIP_BASED), Action.DELETE, List.of(AuthorizationStrategy.OWNERSHIP_BASED)));

    private final TopologyHarness instance = new TopologyHarness();

    @BeforeEach
    void grandBend() {
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        instance.created("schools", SCHOOL);
        instance.created("schoolYearTypes", SCHOOL_YEAR);
        instance.emitted();
    }

    @AfterEach
    void close() {
        instance.close();
    }

    private UUID created(String resource, String json, String owner) {
        CommandResult result = instance.send(instance.upsert(resource, json).grantedBy(OWNERSHIP).ownedBy(owner));
        assertEquals(201, result.status(), String.valueOf(result.problem()));
        return result.documentId();
    }

    private String storedToken(UUID id) {
        return instance.store().find(id).orElseThrow().ownershipToken();
    }

    @Test
    void anInsertIsStampedWithTheCreatingClientsToken() {
        UUID session = created("sessions", SESSION.formatted("Fall"), OWNER);

        assertEquals(OWNER, storedToken(session));
        DocumentEnvelope envelope = instance.emitted().getFirst();
        assertEquals(OWNER, envelope.ownershipToken(), "the store-sink writes it beside the document");
        assertNull(instance.store().find(instance.created("sessions", SESSION.formatted("Spring"))).orElseThrow().ownershipToken(),
                "a writer without a token stamps none");
    }

    @Test
    void updatesByTheOwnerOrByATrustedWriterKeepTheCreatorsToken() {
        UUID session = created("sessions", SESSION.formatted("Fall"), OWNER);
        instance.emitted();

        Command put = instance.update("sessions", session, SESSION.formatted("Fall").replace("81", "82"), null);
        assertEquals(204, instance.send(put.grantedBy(OWNERSHIP).ownedBy(OWNER)).status());
        Command trustedPost = instance.upsert("sessions", SESSION.formatted("Fall").replace("81", "83")).ownedBy(ANOTHER_OWNER);
        assertEquals(200, instance.send(trustedPost).status(), "a writer without OwnershipBased may update, but does not take it over");

        assertEquals(List.of(OWNER, OWNER), instance.emitted().stream().map(DocumentEnvelope::ownershipToken).toList());
        assertEquals(OWNER, storedToken(session));
    }

    @Test
    void aCascadeKeepsTheTokenOfEveryDocumentItRewrites() {
        UUID session = created("sessions", SESSION.formatted("Fall"), OWNER);
        UUID offering = created("courseOfferings", COURSE_OFFERING.formatted("Fall"), ANOTHER_OWNER);
        instance.emitted();

        assertEquals(204, instance.send(instance.update("sessions", session, SESSION.formatted("Autumn"), null).grantedBy(OWNERSHIP)
                .ownedBy(OWNER)).status());

        List<DocumentEnvelope> changes = instance.emitted();
        assertEquals(List.of(session, offering), changes.stream().map(DocumentEnvelope::documentId).toList());
        assertEquals(List.of(OWNER, ANOTHER_OWNER), changes.stream().map(DocumentEnvelope::ownershipToken).toList());
    }

    @Test
    void anotherOwnersUpdateOrDeleteIsRefusedAndChangesNothing() {
        UUID session = created("sessions", SESSION.formatted("Fall"), OWNER);
        String etag = instance.store().find(session).orElseThrow().etag();
        instance.emitted();

        CommandResult put = instance.send(instance.update("sessions", session, SESSION.formatted("Fall").replace("81", "90"), null)
                .grantedBy(OWNERSHIP).ownedBy(ANOTHER_OWNER));
        CommandResult post = instance.send(instance.upsert("sessions", SESSION.formatted("Fall").replace("81", "91"))
                .grantedBy(OWNERSHIP).ownedBy(ANOTHER_OWNER));
        CommandResult delete = instance.send(Command.delete(instance.nextCommandId(), "ed-fi", "sessions", session, null, null, "test-client")
                .grantedBy(OWNERSHIP).ownedBy(ANOTHER_OWNER));

        for (CommandResult refused : List.of(put, post, delete)) {
            assertEquals(403, refused.status());
            assertEquals(Problem.OWNERSHIP + ":access-denied:ownership-mismatch", refused.problem().type());
        }
        assertEquals(List.of(), instance.emitted());
        assertEquals(etag, instance.store().find(session).orElseThrow().etag());
    }
}
