package org.edfi.dms.cdc;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns Debezium's row changes of an instance's store into the analytics contract of
 * {@code edfi.<tenant>.<instance>.documents} (docs/topics.md, version 1): key = the document id;
 * value = one JSON object with the Ed-Fi document as an object, not a string.
 *
 * <p>Two tables feed it. A row written to {@code dms.document} (snapshot, insert, update) becomes an
 * upsert message. A document's deletion is told by the row the sink writes to
 * {@code dms.tracked_delete} in the same transaction, just before it removes the document: that row
 * carries the delete's change version and time, which the removed row cannot. It becomes the delete
 * message; Debezium's own delete event of the document row is dropped, and its tombstone (null value)
 * follows, so a compacted topic forgets the document. Everything else (tombstones of
 * {@code tracked_delete} rows, truncates) is dropped.
 *
 * <p>The value is written as JSON text by hand, with the stored JSON copied through untouched (no
 * re-parsing, no number conversions); the connector pairs it with the String converter.
 */
public final class DocumentChangeTransform<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String TOPIC_CONFIG = "topic";
    public static final int CONTRACT_VERSION = 1;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "The instance's analytics topic, edfi.<tenant>.<instance>.documents; every message goes there. In a shared"
                            + " database, edfi.<tenant>.{instance}.documents: the instance is the one the row's schema belongs to.");

    /** The placeholder of a shared database's topic template. */
    public static final String INSTANCE_PLACEHOLDER = "{instance}";
    /** How an instance's schema in a shared database is named: InstanceStore's rule, copied (the plugin needs only the Connect API), held to it by NamingRulesTest. */
    private static final String INSTANCE_SCHEMA_PREFIX = "dms_";

    private static final String TRACE_PARENT_COLUMN = "trace_parent";
    private static final String TRACE_PARENT_HEADER = "traceparent";

    private String topic;
    private boolean perSchema;

    @Override
    public void configure(Map<String, ?> configs) {
        topic = (String) CONFIG.parse(configs).get(TOPIC_CONFIG);
        perSchema = topic.contains(INSTANCE_PLACEHOLDER);
    }

    @Override
    public R apply(R record) {
        boolean fromDocuments = record.topic().endsWith(".document");
        boolean fromDeletes = record.topic().endsWith(".tracked_delete");
        if (!(record.value() instanceof Struct change)) {
            // A tombstone: only the document table's ones mean something downstream.
            return fromDocuments && record.key() instanceof Struct key
                    ? route(record, key.get("document_id").toString(), null)
                    : null;
        }
        String op = change.getString("op");
        if (fromDocuments && (op.equals("c") || op.equals("u") || op.equals("r"))) {
            Struct row = change.getStruct("after");
            return traced(route(record, row.get("document_id").toString(), upsert(row)), row);
        }
        if (fromDeletes && (op.equals("c") || op.equals("r"))) {
            Struct row = change.getStruct("after");
            return traced(route(record, row.get("document_id").toString(), delete(row)), row);
        }
        return null;
    }

    /**
     * The write's W3C {@code traceparent}, which the store keeps with the row (a store older than the
     * column has none), as the header of the same name.
     */
    private R traced(R routed, Struct row) {
        if (row.schema().field(TRACE_PARENT_COLUMN) != null && row.get(TRACE_PARENT_COLUMN) != null) {
            routed.headers().addString(TRACE_PARENT_HEADER, row.get(TRACE_PARENT_COLUMN).toString());
        }
        return routed;
    }

    private R route(R record, String documentId, String value) {
        return record.newRecord(perSchema ? topicOfSchema(record.topic()) : topic, null, Schema.STRING_SCHEMA, documentId,
                value == null ? null : Schema.STRING_SCHEMA, value, record.timestamp());
    }

    /**
     * Debezium names a row's topic {@code <prefix>.<schema>.<table>}; the schema {@code dms_255901_2024}
     * is instance {@code 255901-2024} (instance names have hyphens, never underscores).
     */
    private String topicOfSchema(String debeziumTopic) {
        String[] parts = debeziumTopic.split("\\.");
        String schema = parts[parts.length - 2];
        if (!schema.startsWith(INSTANCE_SCHEMA_PREFIX)) {
            throw new DataException("A change of " + debeziumTopic + " comes from schema " + schema + ", which is no instance's");
        }
        return topic.replace(INSTANCE_PLACEHOLDER, schema.substring(INSTANCE_SCHEMA_PREFIX.length()).replace('_', '-'));
    }

    private static String upsert(Struct row) {
        StringBuilder json = start(row, false);
        json.append(",\"lastModified\":");
        JsonText.appendString(json, row.get("last_modified"));
        json.append(",\"etag\":");
        JsonText.appendString(json, row.get("etag"));
        json.append(",\"document\":").append(row.get("edfi_doc"));
        return json.append('}').toString();
    }

    private static String delete(Struct row) {
        StringBuilder json = start(row, true);
        json.append(",\"lastModified\":");
        JsonText.appendString(json, row.get("deleted_at"));
        json.append(",\"identity\":").append(row.get("identity"));
        return json.append('}').toString();
    }

    private static StringBuilder start(Struct row, boolean deleted) {
        StringBuilder json = new StringBuilder(1024).append("{\"version\":").append(CONTRACT_VERSION).append(",\"documentId\":");
        JsonText.appendString(json, row.get("document_id"));
        json.append(",\"project\":");
        JsonText.appendString(json, row.get("project"));
        json.append(",\"resource\":");
        JsonText.appendString(json, row.get("resource"));
        json.append(",\"resourceName\":");
        JsonText.appendString(json, row.get("resource_name"));
        json.append(",\"changeVersion\":").append(row.getInt64("change_version"));
        return json.append(",\"deleted\":").append(deleted);
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {}
}
