package org.edfi.dms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.SchemaLoadException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store-sink against a real broker and a real PostgreSQL. */
class DocumentSinkTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static RelationshipSecurity relationships;

    @BeforeAll
    static void start() throws SchemaLoadException {
        relationships = RelationshipSecurity.of(ApiSchemaLoader.load(Fixtures.dataStandard50()));
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        postgres.close();
        kafka.close();
    }

    private static DataSource database(InstanceId instance) {
        InstanceStore store = InstanceStore.ownDatabase(instance);
        postgres.createDatabase(store.database());
        return EmbeddedPostgresServer.dataSource(store.onSearchPath(postgres.jdbcUrl(store.database())));
    }

    private static Jdbi migratedStore(InstanceId instance) {
        DataSource store = database(instance);
        StoreSchema.migrate(store);
        return Jdbi.create(store);
    }

    private static DocumentEnvelope change(UUID id, long version, String name) {
        return change(id, version, name, null);
    }

    private static DocumentEnvelope change(UUID id, long version, String name, String ownershipToken) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("schoolId", 255901001).put("nameOfInstitution", name);
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", "255901001"),
                body, "etag-" + version, Instant.now(), version, false, ownershipToken);
    }

    private static DocumentEnvelope deletion(UUID id, long version) {
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", "1"),
                null, null, Instant.now(), version, true, null);
    }

    private static void produce(InstanceId instance, List<DocumentEnvelope> changes) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (DocumentEnvelope change : changes) {
                producer.send(new ProducerRecord<>(new InstanceTopics(instance).documents(), change.documentId().toString(), MessageCodec.encode(change))).get();
            }
        }
    }

    private static void awaitVersion(DocumentSink sink, long version) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sink.appliedChangeVersion() < version && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(version, sink.appliedChangeVersion());
    }

    private static String nameOf(Jdbi jdbi, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT edfi_doc->>'nameOfInstitution' FROM dms.document WHERE document_id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    private static int count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM dms." + table).mapTo(Integer.class).one());
    }

    @Test
    void appliesInsertsUpdatesAndDeletesAndRecordsWhereItIs() throws Exception {
        InstanceId instance = new InstanceId("sink", "apply");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        produce(instance, List.of(change(a, 1, "A"), change(b, 2, "B"), change(a, 3, "A2"), deletion(b, 4)));

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            awaitVersion(sink, 4);
        }
        assertEquals("A2", nameOf(jdbi, a));
        assertEquals(null, nameOf(jdbi, b));
        assertEquals(1, count(jdbi, "tracked_delete"));
        assertEquals(new DocumentWriter.Position(4, 4), new DocumentWriter(jdbi, relationships).position(new InstanceTopics(instance).documents(), 0));
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        InstanceId instance = new InstanceId("sink", "redelivery");
        DataSource store = database(instance);
        StoreSchema.migrate(store);
        Jdbi jdbi = Jdbi.create(store);
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<DocumentEnvelope> batch = List.of(change(a, 1, "A \\ backslash"), change(a, 2, "A2\ttab"), change(b, 3, "B"), deletion(b, 4));
        writer.apply("t", 0, batch, 4);
        writer.apply("t", 0, batch, 4);
        writer.apply("t", 0, List.of(change(a, 1, "A")), 1); // an older delivery cannot move anything back

        assertEquals("A2\ttab", nameOf(jdbi, a), "the newest version wins, text survives COPY's escaping");
        assertEquals(1, count(jdbi, "document"));
        assertEquals(1, count(jdbi, "tracked_delete"));
        assertEquals(new DocumentWriter.Position(4, 4), writer.position("t", 0));
    }

    @Test
    void aBigBatchFollowsTheSameRulesAndKeepsCreationOrder() {
        InstanceId instance = new InstanceId("sink", "big-batch");
        DataSource store = database(instance);
        StoreSchema.migrate(store);
        Jdbi jdbi = Jdbi.create(store);
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        int documents = DocumentWriter.MAX_INSERT_ROWS + 36; // past the multi-row INSERT: streamed by COPY
        List<UUID> ids = new ArrayList<>();
        List<DocumentEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            ids.add(UUID.randomUUID());
            batch.add(change(ids.get(i), i + 1, "first \\ " + i));
        }
        for (int i = 0; i < documents; i++) {
            batch.add(change(ids.get(i), documents + i + 1, "second\t" + i));
        }
        writer.apply("t", 0, batch, batch.size());
        writer.apply("t", 0, batch, batch.size());

        assertEquals(documents, count(jdbi, "document"));
        assertEquals("second\t7", nameOf(jdbi, ids.get(7)), "the newest version of each document wins");
        List<UUID> inCreationOrder = jdbi.withHandle(h -> h.createQuery("SELECT document_id FROM dms.document ORDER BY document_seq")
                .mapTo(UUID.class).list());
        assertEquals(ids, inCreationOrder, "new documents are numbered in the order they first appeared");
        assertEquals(new DocumentWriter.Position(batch.size(), 2L * documents), writer.position("t", 0));
    }

    @Test
    void eachRowKeepsTheOwnershipTokenItsDocumentWasCreatedWithByInsertAndByCopy() {
        Jdbi jdbi = migratedStore(new InstanceId("sink", "ownership"));
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        UUID owned = UUID.randomUUID();
        UUID unowned = UUID.randomUUID();
        writer.apply("t", 0, List.of(change(owned, 1, "A", "3"), change(unowned, 2, "B", null)), 2);
        List<DocumentEnvelope> copied = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < DocumentWriter.MAX_INSERT_ROWS + 1; i++) { // past the multi-row INSERT: streamed by COPY
            ids.add(UUID.randomUUID());
            copied.add(change(ids.get(i), 3 + i, "C" + i, i % 2 == 0 ? "bulk \\N load" : null));
        }
        copied.add(change(owned, 3 + ids.size(), "A2", "3"));
        writer.apply("t", 0, copied, 2 + copied.size());

        assertEquals("3", ownershipToken(jdbi, owned), "kept on the update");
        assertEquals(null, ownershipToken(jdbi, unowned));
        assertEquals("bulk \\N load", ownershipToken(jdbi, ids.get(0)), "text survives COPY's escaping");
        assertEquals(null, ownershipToken(jdbi, ids.get(1)));
    }

    private static String ownershipToken(Jdbi jdbi, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT created_by_ownership_token FROM dms.document WHERE document_id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    @Test
    void aBatchThatFailsHalfwayLeavesNeitherDataNorOffset() {
        InstanceId instance = new InstanceId("sink", "failure");
        DataSource store = database(instance);
        StoreSchema.migrate(store);
        Jdbi jdbi = Jdbi.create(store);
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        UUID a = UUID.randomUUID();
        writer.apply("t", 0, List.of(change(a, 1, "A")), 1);

        DocumentEnvelope broken = new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", "schools", "School", UUID.randomUUID(), Map.of(),
                null, "e", Instant.now(), 3, false, null); // no document: the NOT NULL column refuses it
        assertThrows(RuntimeException.class, () -> writer.apply("t", 0, List.of(change(a, 2, "A2"), broken), 3));

        assertEquals("A", nameOf(jdbi, a));
        assertEquals(new DocumentWriter.Position(1, 1), writer.position("t", 0));
    }

    @Test
    void aRestartedSinkContinuesWhereItsDatabaseSaysItStopped() throws Exception {
        InstanceId instance = new InstanceId("sink", "restart");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        UUID a = UUID.randomUUID();
        produce(instance, List.of(change(a, 1, "A")));
        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            awaitVersion(sink, 1);
        }
        UUID c = UUID.randomUUID();
        produce(instance, List.of(change(c, 2, "C")));
        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            assertEquals(1, sink.appliedChangeVersion(), "it starts from what the database recorded");
            awaitVersion(sink, 2);
        }
        assertEquals(2, count(jdbi, "document"));
        assertTrue(nameOf(jdbi, c).equals("C"));
    }

    private static DocumentEnvelope enrollment(UUID id, long version, String student, long school) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.putObject("studentReference").put("studentUniqueId", student);
        body.putObject("schoolReference").put("schoolId", school);
        body.put("entryDate", "2024-08-21").put("entryGradeLevelDescriptor", "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade");
        return new DocumentEnvelope(1, id, "ed-fi", "studentSchoolAssociations", "StudentSchoolAssociation", UUID.randomUUID(),
                Map.of("$.studentReference.studentUniqueId", student), body, "etag-" + version, Instant.now(), version, false, null);
    }

    private static DocumentEnvelope school(UUID id, long version, long school, long district) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("schoolId", school).put("nameOfInstitution", "School " + school);
        body.putObject("localEducationAgencyReference").put("localEducationAgencyId", district);
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", Long.toString(school)),
                body, "etag-" + version, Instant.now(), version, false, null);
    }

    private static List<String> enrollments(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT enrollment || ' ' || person || ' at ' || education_organization_id FROM dms.enrollment"
                + " ORDER BY 1").mapTo(String.class).list());
    }

    private static String relationshipColumns(Jdbi jdbi, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT education_organization_ids::text || ' ' || people::text FROM dms.document"
                + " WHERE document_id = :id").bind("id", id).mapTo(String.class).one());
    }

    @Test
    void relationshipRowsFollowTheVersionThatWinsByInsertAndByCopyAndGoWithTheDocument() {
        Jdbi jdbi = migratedStore(new InstanceId("sink", "relationships"));
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        UUID enrolled = UUID.randomUUID();
        UUID school = UUID.randomUUID();
        writer.apply("t", 0, List.of(enrollment(enrolled, 1, "S \\ \"1\"", 1), school(school, 2, 1, 255901)), 2);
        assertEquals(List.of("StudentSchoolAssociation Student:S \\ \"1\" at 1"), enrollments(jdbi));
        assertEquals("{1} {\"Student:S \\\\ \\\"1\\\"\"}", relationshipColumns(jdbi, enrolled));
        assertEquals(List.of("1 under 255901"), jdbi.withHandle(h -> h.createQuery(
                "SELECT education_organization_id || ' under ' || parent_id FROM dms.education_organization_parent").mapTo(String.class).list()));

        List<DocumentEnvelope> copied = new ArrayList<>();
        for (int i = 0; i < DocumentWriter.MAX_INSERT_ROWS; i++) { // past the multi-row INSERT: streamed by COPY
            copied.add(enrollment(UUID.randomUUID(), 3 + i, "C" + i, 2));
        }
        copied.add(enrollment(enrolled, 3 + copied.size(), "S \\ \"1\"", 2));
        writer.apply("t", 0, copied, 2 + copied.size());
        writer.apply("t", 0, List.of(enrollment(enrolled, 1, "S \\ \"1\"", 1)), 1); // an older delivery moves nothing back
        assertEquals(DocumentWriter.MAX_INSERT_ROWS + 1, enrollments(jdbi).size());
        assertTrue(enrollments(jdbi).contains("StudentSchoolAssociation Student:S \\ \"1\" at 2"), enrollments(jdbi).toString());
        assertEquals("{2} {\"Student:S \\\\ \\\"1\\\"\"}", relationshipColumns(jdbi, enrolled), "text survives COPY's escaping");

        writer.apply("t", 0, List.of(deletion(enrolled, 100), deletion(school, 101)), 3 + copied.size());
        assertEquals(DocumentWriter.MAX_INSERT_ROWS, enrollments(jdbi).size());
        assertEquals(0, count(jdbi, "education_organization_parent"));
    }

    @Test
    void documentsStoredBeforeRelationshipRowsGetThemWhenTheSinkStarts() throws Exception {
        InstanceId instance = new InstanceId("sink", "derive");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        StoreSchema.migrate(store);
        UUID enrolled = UUID.randomUUID();
        new DocumentWriter(jdbi, relationships).apply("t", 0, List.of(enrollment(enrolled, 1, "S1", 1)), 1);
        // as a store of version 4 left it, once migrated
        jdbi.useHandle(h -> h.execute("UPDATE dms.document SET education_organization_ids = NULL, people = NULL; DELETE FROM dms.enrollment"));

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            assertEquals("{1} {Student:S1}", relationshipColumns(jdbi, enrolled));
            assertEquals(List.of("StudentSchoolAssociation Student:S1 at 1"), enrollments(jdbi));
        }
    }

    /**
     * The topic no longer holds the documents after the store's recorded position (deleted by
     * retention, or the topic made anew): the sink must not jump to the end and go on as if the
     * acknowledged documents in between had been applied. It stops and says so.
     */
    @Test
    void aStoreWhosePositionIsGoneFromTheTopicStopsTheSinkInsteadOfSkipping() throws Exception {
        InstanceId instance = new InstanceId("sink", "gone");
        String topic = new InstanceTopics(instance).documents();
        kafka.createTopics(List.of(topic));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        produce(instance, List.of(change(UUID.randomUUID(), 1, "A"), change(UUID.randomUUID(), 2, "B"), change(UUID.randomUUID(), 3, "C")));
        try (var admin = kafka.admin()) {
            admin.deleteRecords(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(2))).all().get();
        }

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            produce(instance, List.of(change(UUID.randomUUID(), 4, "D")));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (sink.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(!sink.isRunning(), "the sink stops: its store cannot be brought up to date from this topic");
            assertTrue(sink.failure().orElseThrow().contains("offset 0 of " + topic), sink.failure().orElse(""));
            assertEquals(0, sink.appliedChangeVersion());
        }
        assertEquals(0, count(jdbi, "document"), "nothing after the gap is applied");
    }

    private static void awaitStopped(DocumentSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (sink.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * A single broker that crashed lost the tail of its log that the store had applied, and the
     * processor handed the lost change versions out again for other writes. The sink must not
     * apply on (an upsert only moves a row to a higher version, so the later writes would be
     * dropped silently): it stops, leaves the store as it was, and says why.
     */
    @Test
    void aChangeVersionTheStoreAppliedComingAgainForAnotherDocumentStopsTheSink() throws Exception {
        InstanceId instance = new InstanceId("sink", "repeated");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        produce(instance, List.of(change(a, 1, "A"), change(b, 2, "B")));

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            awaitVersion(sink, 2);
            UUID other = UUID.randomUUID();
            UUID later = UUID.randomUUID();
            produce(instance, List.of(change(other, 2, "Other"), change(later, 3, "Later")));
            awaitStopped(sink);

            assertTrue(!sink.isRunning(), "the sink stops instead of applying on");
            String failure = sink.failure().orElseThrow();
            assertTrue(failure.contains("change version 2 again (offset 2) for document " + other + " (ETag etag-2)"), failure);
            assertTrue(failure.contains("which the store does not hold: at change version 2 it has document " + b + " (ETag etag-2)"), failure);
            assertTrue(failure.contains(instance.toString()), failure);
            assertEquals(2, sink.appliedChangeVersion());
            assertEquals(null, nameOf(jdbi, other), "nothing of the batch is applied");
            assertEquals(null, nameOf(jdbi, later));
        }
        assertEquals("B", nameOf(jdbi, b));
        assertEquals(2, count(jdbi, "document"));
    }

    /** The lost-tail case whose later write the guards would drop: the same document, a version it passed, other content. */
    @Test
    void aChangeVersionComingAgainWithOtherContentOfTheSameDocumentStopsTheSink() throws Exception {
        InstanceId instance = new InstanceId("sink", "repeated-content");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        UUID a = UUID.randomUUID();
        produce(instance, List.of(change(a, 1, "A"), change(a, 2, "A2")));

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            awaitVersion(sink, 2);
            DocumentEnvelope reused = change(a, 1, "A written again");
            produce(instance, List.of(new DocumentEnvelope(1, a, reused.project(), reused.resource(), reused.resourceName(), reused.referentialId(),
                    reused.identity(), reused.document(), "etag-other", Instant.now(), 1, false, null)));
            awaitStopped(sink);

            assertTrue(!sink.isRunning(), "the sink stops instead of dropping the write silently");
            assertTrue(sink.failure().orElseThrow().contains("change version 1 again (offset 2) for document " + a + " (ETag etag-other)"),
                    sink.failure().orElseThrow());
        }
        assertEquals("A2", nameOf(jdbi, a));
    }

    /** Kafka delivering a change again (the same document, the same ETag) is no fault: nothing changes, the sink goes on. */
    @Test
    void theSameChangeDeliveredAgainChangesNothingAndTheSinkGoesOn() throws Exception {
        InstanceId instance = new InstanceId("sink", "delivered-again");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        Jdbi jdbi = Jdbi.create(store);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        DocumentEnvelope second = change(b, 2, "B");
        DocumentEnvelope gone = deletion(a, 3);
        produce(instance, List.of(change(a, 1, "A"), second, gone));

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF)) {
            awaitVersion(sink, 3);
            UUID c = UUID.randomUUID();
            produce(instance, List.of(second, gone, change(c, 4, "C")));
            awaitVersion(sink, 4);
            assertTrue(sink.isRunning(), sink.failure().orElse(""));
        }
        assertEquals("B", nameOf(jdbi, b));
        assertEquals(null, nameOf(jdbi, a));
        assertEquals(2, count(jdbi, "document"));
        assertEquals(1, count(jdbi, "tracked_delete"));
    }

    /**
     * A change PostgreSQL refuses for its data (here a CHECK the store has and the processor does
     * not know) is parked with its record and error, in the transaction that moves the position
     * past it: the changes after it are applied, and the instance goes on. Replayed after the
     * cause is fixed, it is applied.
     */
    @Test
    void aChangeTheStoreRefusesIsParkedTheOthersAppliedAndItsReplayAppliesItOnceFixed() throws Exception {
        InstanceId instance = new InstanceId("sink", "refused");
        kafka.createTopics(List.of(new InstanceTopics(instance).documents()));
        DataSource store = database(instance);
        StoreSchema.migrate(store);
        Jdbi jdbi = Jdbi.create(store);
        jdbi.useHandle(h -> h.execute("ALTER TABLE dms.document ADD CONSTRAINT no_closed_schools CHECK (edfi_doc->>'nameOfInstitution' <> 'Closed')"));
        UUID a = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        InstanceStore own = InstanceStore.ownDatabase(instance);

        try (DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), store, relationships, Tracing.OFF);
                AppliedVersionWatch overNotifications = AppliedVersionWatch.start(own.onSearchPath(postgres.jdbcUrl(own.database())));
                AppliedVersionWatch inProcess = AppliedVersionWatch.fedInProcess()) {
            sink.onParked(inProcess::parked);
            sink.onApplied(inProcess::advance);
            produce(instance, List.of(change(a, 1, "A")));
            assertTrue(overNotifications.awaitApplied(1, Duration.ofSeconds(30)) && inProcess.awaitApplied(1, Duration.ofSeconds(30)));
            produce(instance, List.of(change(refused, 2, "Closed"), change(c, 3, "C"), change(a, 4, "A2")));
            awaitVersion(sink, 4);
            assertTrue(sink.isRunning());
            assertEquals(1, sink.parked());
            for (AppliedVersionWatch watch : List.of(overNotifications, inProcess)) {
                long start = System.nanoTime();
                assertTrue(!watch.awaitApplied(2, Duration.ofSeconds(20)), "a write waiting for the parked change is not visible");
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "and is told so without waiting for the timeout");
                assertTrue(watch.awaitApplied(3, Duration.ofSeconds(20)) && watch.awaitApplied(4, Duration.ofSeconds(20)));
            }
        }
        assertEquals("A2", nameOf(jdbi, a), "the changes before and after the refused one are applied");
        assertEquals("C", nameOf(jdbi, c));
        assertEquals(null, nameOf(jdbi, refused));
        assertEquals(List.of("1 2 " + refused + " 23514 parked"), jdbi.withHandle(h -> h.createQuery(
                "SELECT kafka_offset || ' ' || change_version || ' ' || document_id || ' ' || sql_state || ' parked' FROM dms.dead_letter"
                + " WHERE replayed_at IS NULL").mapTo(String.class).list()));
        assertEquals(new DocumentWriter.Position(4, 4), new DocumentWriter(jdbi, relationships).position(new InstanceTopics(instance).documents(), 0));

        DeadLetters letters = new DeadLetters(jdbi, new DocumentWriter(jdbi, relationships));
        DeadLetters.Letter letter = letters.list(false).getFirst();
        assertTrue(letter.error().contains("no_closed_schools"), letter.error());
        DeadLetters.DeadLetterException again = assertThrows(DeadLetters.DeadLetterException.class, () -> letters.replay(letter.id()));
        assertEquals(DeadLetters.DeadLetterException.Kind.REFUSED, again.kind(), "still refused: it stays parked");
        assertEquals(1, letters.parked());

        jdbi.useHandle(h -> h.execute("ALTER TABLE dms.document DROP CONSTRAINT no_closed_schools"));
        assertEquals("replayed", letters.replay(letter.id()).state());
        assertEquals("Closed", nameOf(jdbi, refused));
        assertEquals(0, letters.parked());
        assertEquals(List.of("replayed"), letters.list(true).stream().map(DeadLetters.Letter::state).toList());
        assertEquals(new DocumentWriter.Position(4, 4), new DocumentWriter(jdbi, relationships).position(new InstanceTopics(instance).documents(), 0),
                "a replay leaves the sink's position where it is");
    }
}
