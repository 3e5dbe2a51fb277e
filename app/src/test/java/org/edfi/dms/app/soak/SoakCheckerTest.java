package org.edfi.dms.app.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.DocumentsChangelog;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.sink.StoreSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's checker finds each kind of fault it counts in a store and in its copies (the processor's
 * changelog, the analytics topic), and nothing in a store that holds exactly what was acknowledged,
 * copied exactly: so a soak whose counters are 0 says something.
 */
class SoakCheckerTest {

    private static final Path HOME = Path.of(System.getProperty("dms.home", ".."));
    private ApiSchema schema;
    private ResourceSchema students;
    private ResourceSchema enrollments;

    @TempDir
    Path dir;

    @Test
    void eachKindOfFaultIsCountedAndACorrectStoreHasNone() throws Exception {
        schema = ApiSchemaLoader.load(HOME.resolve("../shared/edfi/ds-5.0/ApiSchema.json").normalize());
        students = schema.findResource("ed-fi", "students").orElseThrow();
        enrollments = schema.findResource("ed-fi", "studentSchoolAssociations").orElseThrow();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            InstanceStore instance = InstanceStore.ownDatabase(InstanceId.DEFAULT);
            server.createDatabase(instance.database());
            String url = instance.onSearchPath(server.jdbcUrl(instance.database()));
            StoreSchema.migrate(EmbeddedPostgresServer.dataSource(url));
            Ledger ledger = new Ledger();
            SoakChecker checker = new SoakChecker(schema);

            ObjectNode ann = student("A", "Ann");
            ledger.created(InstanceId.DEFAULT, students, "http", ann, Optional.empty());
            Copy copy = new Copy();
            copy.hold(store(url, students, ann, 1));
            SoakChecker.Findings clean = checker.check(url, ledger.documents(), List.of(), copy.copies());
            assertEquals(0, clean.faults(), clean.toString());
            assertEquals(1, clean.checkedDocuments());

            ledger.created(InstanceId.DEFAULT, students, "kafka", student("B", "Bob"), Optional.empty()); // never stored
            Ledger.Document cy = ledger.created(InstanceId.DEFAULT, students, "http", student("C", "Cy"), Optional.empty());
            copy.hold(store(url, students, student("C", "Cy"), 2));
            ledger.updated(cy, student("C", "Cyrus")); // the update is not stored
            Ledger.Document dee = ledger.created(InstanceId.DEFAULT, students, "http", student("D", "Dee"), Optional.empty());
            copy.hold(store(url, students, student("D", "Dee"), 3));
            ledger.deleted(dee); // the delete is not stored
            copy.hold(store(url, students, student("E", "Eve"), 4));
            copy.hold(store(url, students, student("E", "Eve"), 5)); // a second row of one natural key
            // student Z, school 1 and its grade level are nowhere; version 6 is missing; the processor does not hold it
            copy.analytics(store(url, enrollments, enrollment("Z"), 7));
            ObjectNode purged = student("P", "Pat");
            copy.processor(store(url, students, purged, 8)); // not on the analytics topic
            copy.processorChangeVersion = 8;
            copy.analytics(new Stored(UUID.randomUUID(), UUID.randomUUID(), 6, student("G", "Ghost"))); // a version the store never gave
            copy.analytics(copy.first); // sent again: dropped, counted, no fault

            SoakChecker.Findings found = checker.check(url, ledger.documents(), List.of(new SoakChecker.Written(students, purged)), copy.copies());
            assertEquals(1, found.acknowledgedLost(), found.toString());
            assertEquals(1, found.acknowledgedStale(), found.toString());
            assertEquals(1, found.deletedPresent(), found.toString());
            assertEquals(1, found.duplicates(), found.toString());
            assertEquals(3, found.danglingReferences(), found.toString());
            assertEquals(1, found.purgedPresent(), found.toString());
            assertEquals(1, found.changeVersionGaps(), found.toString());
            assertEquals(0, found.changeVersionsRepeated(), found.toString());
            assertEquals(1, found.processorStateDiffers(), found.toString());
            assertEquals(2, found.analyticsDiffers(), found.toString()); // Pat missing, Ghost live on the topic only
            assertEquals(1, found.analyticsUnknownVersions(), found.toString());
            assertEquals(1, found.analyticsRepeats(), found.toString());
        }
    }

    /** A stored row: its document id, natural key, change version and body. */
    private record Stored(UUID documentId, UUID referentialId, long changeVersion, ObjectNode body) {}

    /** The processor's changelog and the analytics topic as the test makes them: each holds what it is handed. */
    private static final class Copy {
        final Map<UUID, DocumentsChangelog.Entry> processor = new HashMap<>();
        final AnalyticsChanges analytics = new AnalyticsChanges();
        long processorChangeVersion;
        Stored first;

        void hold(Stored row) {
            processor(row);
            analytics(row);
        }

        void processor(Stored row) {
            processor.put(row.documentId(), new DocumentsChangelog.Entry(row.referentialId(), row.changeVersion()));
            processorChangeVersion = Math.max(processorChangeVersion, row.changeVersion());
        }

        void analytics(Stored row) {
            first = first == null ? row : first;
            ObjectNode change = MessageCodec.MAPPER.createObjectNode().put("version", 1).put("documentId", row.documentId().toString())
                    .put("changeVersion", row.changeVersion()).put("deleted", false);
            change.set("document", row.body());
            analytics.apply(row.documentId().toString().getBytes(StandardCharsets.UTF_8), change.toString().getBytes(StandardCharsets.UTF_8));
        }

        SoakChecker.Copies copies() {
            return new SoakChecker.Copies(processor, processorChangeVersion, analytics);
        }
    }

    private static ObjectNode student(String id, String firstName) throws Exception {
        return (ObjectNode) MessageCodec.MAPPER.readTree("{\"studentUniqueId\": \"" + id + "\", \"firstName\": \"" + firstName
                + "\", \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\"}");
    }

    private static ObjectNode enrollment(String student) throws Exception {
        return (ObjectNode) MessageCodec.MAPPER.readTree("{\"studentReference\": {\"studentUniqueId\": \"" + student + "\"}, "
                + "\"schoolReference\": {\"schoolId\": 1}, \"entryDate\": \"2024-08-20\", "
                + "\"entryGradeLevelDescriptor\": \"uri://ed-fi.org/GradeLevelDescriptor#Ninth grade\"}");
    }

    /** A row as the sink writes it, at a change version. */
    private static Stored store(String url, ResourceSchema resource, ObjectNode body, long changeVersion) throws Exception {
        Stored row = new Stored(UUID.randomUUID(), DocumentExtractor.identityOf(resource, body).referentialId().value(), changeVersion, body);
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO document (document_id, project, resource, resource_name, referential_id, identity, edfi_doc, etag,
                            last_modified, change_version)
                        VALUES (?, ?, ?, ?, ?, '{}'::jsonb, ?::jsonb, 'e', now(), ?)""")) {
            insert.setObject(1, row.documentId());
            insert.setString(2, resource.projectEndpoint());
            insert.setString(3, resource.endpointName());
            insert.setString(4, resource.name().resourceName());
            insert.setObject(5, row.referentialId());
            insert.setString(6, body.toString());
            insert.setLong(7, changeVersion);
            insert.executeUpdate();
        }
        return row;
    }
}
