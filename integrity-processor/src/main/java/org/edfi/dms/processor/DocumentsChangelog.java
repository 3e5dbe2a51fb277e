package org.edfi.dms.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.InstanceId;

/**
 * The processor's documents of an instance as the changelog of its {@code documents} store holds
 * them: what a node taking the instance over restores, so what it will check references, identities
 * and If-Match against, and the change version it hands out next. Fed the changelog's records in
 * order (read committed), it keeps the last state of each key; a tombstone removes the document.
 * For checks from outside the processor (the fault harness compares it with the store).
 */
public final class DocumentsChangelog {

    /** What the processor holds of one document. */
    public record Entry(UUID referentialId, long changeVersion) {}

    private static final byte[] CHANGE_VERSION_KEY = "changeVersion".getBytes(StandardCharsets.UTF_8);

    private final Map<UUID, Entry> documents = new HashMap<>();
    private long changeVersion;

    /** The changelog topic of the instance's documents store (Kafka Streams names it from the application id and the store). */
    public static String topic(InstanceId instance) {
        return InstanceProcessor.applicationId(instance) + "-" + DocumentStore.DOCUMENTS + "-changelog";
    }

    /** Folds in the changelog's next record. */
    public void apply(byte[] key, byte[] value) {
        if (Arrays.equals(key, CHANGE_VERSION_KEY)) {
            changeVersion = value == null ? 0 : ByteBuffer.wrap(value).getLong();
        } else if (key.length == 16) {
            ByteBuffer id = ByteBuffer.wrap(key);
            UUID documentId = new UUID(id.getLong(), id.getLong());
            if (value == null) {
                documents.remove(documentId);
            } else {
                StoredDocument document = StoredDocumentCodec.decode(value);
                documents.put(documentId, new Entry(document.referentialId(), document.changeVersion()));
            }
        } else {
            throw new IllegalStateException("A key the documents store does not write: " + key.length + " bytes");
        }
    }

    /** The documents, by document id. */
    public Map<UUID, Entry> documents() {
        return Collections.unmodifiableMap(documents);
    }

    /** The last change version handed out (0 before the first). */
    public long changeVersion() {
        return changeVersion;
    }
}
