package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;

/**
 * An instance's analytics change topic ({@code edfi.<tenant>.<instance>.documents}) folded as its
 * contract tells a consumer to (docs/topics.md): the latest change of each document, a record whose
 * change version is not newer than the one already applied for its document dropped as a repeat
 * (Connect delivers at least once: after a kill of the worker, Debezium sends its last second again).
 */
final class AnalyticsChanges {

    /** The latest change of a document: its change version, whether it deleted it, and the document after it. */
    record Latest(long changeVersion, boolean deleted, JsonNode document) {}

    private final Map<UUID, Latest> latest = new HashMap<>();
    /** The document of each change version applied (repeats dropped). */
    private final Map<Long, UUID> versions = new HashMap<>();
    private long repeats;

    /** Folds in the topic's next record (a null value is a delete's tombstone, after its delete marker). */
    void apply(byte[] key, byte[] value) {
        if (value == null) {
            return;
        }
        JsonNode change;
        try {
            change = MessageCodec.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("an analytics change that is not JSON", e);
        }
        UUID documentId = UUID.fromString(change.path("documentId").asText());
        long changeVersion = change.path("changeVersion").asLong();
        Latest before = latest.get(documentId);
        if (before != null && before.changeVersion() >= changeVersion) {
            repeats++;
            return;
        }
        latest.put(documentId, new Latest(changeVersion, change.path("deleted").asBoolean(), change.get("document")));
        versions.put(changeVersion, documentId);
    }

    Map<UUID, Latest> latest() {
        return Collections.unmodifiableMap(latest);
    }

    Map<Long, UUID> versions() {
        return Collections.unmodifiableMap(versions);
    }

    /** Records dropped as repeats: not a fault, the at-least-once delivery the contract states. */
    long repeats() {
        return repeats;
    }
}
