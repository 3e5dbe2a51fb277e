package org.edfi.dms.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analytics contract of edfi.{tenant}.{instance}.documents, from Debezium's row changes of the store. */
class DocumentChangeTransformTest {

    private static final String PREFIX = "dms-cdc.default.default.dms.";
    private static final String TOPIC = "edfi.default.default.documents";
    private static final String ID = "0f5c3c2a-9a0e-4b7e-8d51-3f1d2a5b6c7d";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema DOCUMENT_ROW = SchemaBuilder.struct().name("document.Value")
            .field("document_id", Schema.STRING_SCHEMA).field("project", Schema.STRING_SCHEMA)
            .field("resource", Schema.STRING_SCHEMA).field("resource_name", Schema.STRING_SCHEMA)
            .field("identity", Schema.STRING_SCHEMA).field("edfi_doc", Schema.STRING_SCHEMA)
            .field("etag", Schema.STRING_SCHEMA).field("last_modified", Schema.STRING_SCHEMA)
            .field("change_version", Schema.INT64_SCHEMA).optional().build();
    private static final Schema DELETE_ROW = SchemaBuilder.struct().name("tracked_delete.Value")
            .field("change_version", Schema.INT64_SCHEMA).field("document_id", Schema.STRING_SCHEMA)
            .field("project", Schema.STRING_SCHEMA).field("resource", Schema.STRING_SCHEMA)
            .field("resource_name", Schema.STRING_SCHEMA).field("identity", Schema.STRING_SCHEMA)
            .field("deleted_at", Schema.STRING_SCHEMA).optional().build();
    private static final Schema DOCUMENT_KEY = SchemaBuilder.struct().field("document_id", Schema.STRING_SCHEMA).build();

    private final DocumentChangeTransform<SourceRecord> transform = new DocumentChangeTransform<>();

    @BeforeEach
    void configure() {
        transform.configure(Map.of("topic", TOPIC));
    }

    @Test
    void aCreatedDocumentBecomesAnUpsertWithTheDocumentAsAnObject() throws Exception {
        SourceRecord out = transform.apply(change("document", DOCUMENT_ROW, "c", documentRow("{\"studentUniqueId\": \"604822\", \"score\": 12.50}", 7)));

        assertEquals(TOPIC, out.topic());
        assertEquals(ID, out.key());
        JsonNode value = JSON.readTree((String) out.value());
        assertEquals(1, value.get("version").asInt());
        assertEquals(ID, value.get("documentId").asText());
        assertEquals("ed-fi", value.get("project").asText());
        assertEquals("students", value.get("resource").asText());
        assertEquals("Student", value.get("resourceName").asText());
        assertEquals(7, value.get("changeVersion").asLong());
        assertEquals(false, value.get("deleted").asBoolean());
        assertEquals("2026-11-21T10:15:30.123456Z", value.get("lastModified").asText());
        assertTrue(value.get("document").isObject());
        assertEquals("604822", value.get("document").get("studentUniqueId").asText());
        assertTrue((String.valueOf(out.value())).contains("12.50"), "stored numbers pass through as written");
    }

    @Test
    void theWritesTraceparentKeptWithTheRowBecomesTheRecordsHeader() {
        Schema tracedRow = SchemaBuilder.struct().name("document.Value")
                .field("document_id", Schema.STRING_SCHEMA).field("project", Schema.STRING_SCHEMA)
                .field("resource", Schema.STRING_SCHEMA).field("resource_name", Schema.STRING_SCHEMA)
                .field("identity", Schema.STRING_SCHEMA).field("edfi_doc", Schema.STRING_SCHEMA)
                .field("etag", Schema.STRING_SCHEMA).field("last_modified", Schema.STRING_SCHEMA)
                .field("change_version", Schema.INT64_SCHEMA).field("trace_parent", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Struct row = new Struct(tracedRow).put("document_id", ID).put("project", "ed-fi").put("resource", "students")
                .put("resource_name", "Student").put("identity", "{}").put("edfi_doc", "{}").put("etag", "1")
                .put("last_modified", "2026-11-21T10:15:30Z").put("change_version", 3L).put("trace_parent", trace);

        SourceRecord out = transform.apply(change("document", tracedRow, "c", row));
        assertEquals(trace, out.headers().lastWithName("traceparent").value());
        SourceRecord untraced = transform.apply(change("document", DOCUMENT_ROW, "c", documentRow("{}", 4)));
        assertNull(untraced.headers().lastWithName("traceparent"), "a row of a store older than the column has none");
    }

    @Test
    void theCreatorsOwnershipTokenKeptWithTheRowStaysOutOfTheAnalyticsRecord() throws Exception {
        SchemaBuilder owned = SchemaBuilder.struct().name("document.Value");
        DOCUMENT_ROW.fields().forEach(field -> owned.field(field.name(), field.schema()));
        Schema ownedRow = owned.field("created_by_ownership_token", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Struct plain = documentRow("{}", 5);
        Struct row = new Struct(ownedRow).put("created_by_ownership_token", "7");
        DOCUMENT_ROW.fields().forEach(field -> row.put(field.name(), plain.get(field)));

        String value = (String) transform.apply(change("document", ownedRow, "c", row)).value();
        assertEquals(value, (String) transform.apply(change("document", DOCUMENT_ROW, "c", plain)).value(),
                "the contract carries documents, not who may read them");
    }

    @Test
    void updatesAndSnapshotReadsAreUpsertsToo() throws Exception {
        for (String op : new String[] {"u", "r"}) {
            SourceRecord out = transform.apply(change("document", DOCUMENT_ROW, op, documentRow("{}", 9)));
            assertEquals(9, JSON.readTree((String) out.value()).get("changeVersion").asLong());
        }
    }

    @Test
    void aDeleteIsToldByItsTrackedDeleteRowThenTheDocumentsTombstone() throws Exception {
        Struct deleted = new Struct(DELETE_ROW).put("change_version", 11L).put("document_id", ID).put("project", "ed-fi")
                .put("resource", "students").put("resource_name", "Student").put("identity", "{\"studentUniqueId\": \"604822\"}")
                .put("deleted_at", "2026-11-21T11:00:00Z");
        SourceRecord marker = transform.apply(change("tracked_delete", DELETE_ROW, "c", deleted));
        JsonNode value = JSON.readTree((String) marker.value());
        assertEquals(ID, marker.key());
        assertEquals(true, value.get("deleted").asBoolean());
        assertEquals(11, value.get("changeVersion").asLong());
        assertEquals("2026-11-21T11:00:00Z", value.get("lastModified").asText());
        assertEquals("604822", value.get("identity").get("studentUniqueId").asText());

        assertNull(transform.apply(change("document", DOCUMENT_ROW, "d", null)), "Debezium's delete event adds nothing to the marker");

        SourceRecord tombstone = transform.apply(new SourceRecord(Map.of(), Map.of(), PREFIX + "document", null,
                DOCUMENT_KEY, new Struct(DOCUMENT_KEY).put("document_id", ID), null, null));
        assertEquals(TOPIC, tombstone.topic());
        assertEquals(ID, tombstone.key());
        assertNull(tombstone.value());
    }

    @Test
    void theTrackedDeleteTablesOwnTombstonesAreDropped() {
        assertNull(transform.apply(new SourceRecord(Map.of(), Map.of(), PREFIX + "tracked_delete", null, null, null, null, null)));
    }

    @Test
    void textValuesAreEscaped() throws Exception {
        Struct row = documentRow("{}", 1).put("etag", "W/\"a\\b\"\n");
        JsonNode value = JSON.readTree((String) transform.apply(change("document", DOCUMENT_ROW, "c", row)).value());
        assertEquals("W/\"a\\b\"\n", value.get("etag").asText());
    }

    private static Struct documentRow(String document, long changeVersion) {
        return new Struct(DOCUMENT_ROW).put("document_id", ID).put("project", "ed-fi").put("resource", "students")
                .put("resource_name", "Student").put("identity", "{}").put("edfi_doc", document).put("etag", "\"5\"")
                .put("last_modified", "2026-11-21T10:15:30.123456Z").put("change_version", changeVersion);
    }

    @Test
    void inASharedDatabaseEachChangeGoesToTheTopicOfTheInstanceItsSchemaBelongsTo() {
        DocumentChangeTransform<SourceRecord> shared = new DocumentChangeTransform<>();
        shared.configure(Map.of("topic", "edfi.district-a.{instance}.documents"));
        String prefix = "dms-cdc.district-a.shared.main.";

        SourceRecord upsert = shared.apply(changeOn(prefix + "dms_255901_2024.document", DOCUMENT_ROW, "c", documentRow("{}", 1)));
        SourceRecord tombstone = shared.apply(new SourceRecord(Map.of(), Map.of(), prefix + "dms_255901_2025.document", null,
                DOCUMENT_KEY, new Struct(DOCUMENT_KEY).put("document_id", ID), null, null));

        assertEquals("edfi.district-a.255901-2024.documents", upsert.topic());
        assertEquals("edfi.district-a.255901-2025.documents", tombstone.topic());
        assertThrows(DataException.class, () -> shared.apply(changeOn(prefix + "public.document", DOCUMENT_ROW, "c", documentRow("{}", 2))),
                "a row of a schema that is no instance's has no topic");
    }

    private static SourceRecord change(String table, Schema rowSchema, String op, Struct after) {
        return changeOn(PREFIX + table, rowSchema, op, after);
    }

    /** A Debezium change event on {@code topic} ({@code <prefix>.<schema>.<table>}). */
    private static SourceRecord changeOn(String topic, Schema rowSchema, String op, Struct after) {
        Schema envelope = SchemaBuilder.struct().field("before", rowSchema).field("after", rowSchema)
                .field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope).put("after", after).put("op", op);
        return new SourceRecord(Map.of(), Map.of(), topic, null, DOCUMENT_KEY, new Struct(DOCUMENT_KEY).put("document_id", ID), envelope, value);
    }
}
