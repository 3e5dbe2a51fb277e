package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DescriptorReference;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.identity.DocumentIdentity;
import org.edfi.dms.schema.identity.IdentityElement;
import org.edfi.dms.schema.identity.KeyValues;

/**
 * Applies the changes of one command to the store and collects the envelopes to emit, each with the
 * instance's next change version, a fresh ETag and the last-modified time. A body is serialized
 * once: the same bytes give its ETag, go into the store and into its envelope.
 */
final class DocumentChanges {

    /** A document envelope ready for the documents topic, keyed by its document id. */
    record Emitted(UUID documentId, byte[] envelope) {}

    private final DocumentStore store;
    private final Clock clock;
    private final List<Emitted> envelopes = new ArrayList<>();

    DocumentChanges(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores a new document, stamped with the creating client's ownership token (null: none), and records its envelope. */
    StoredDocument insert(UUID documentId, ResourceSchema resource, ObjectNode body, ExtractedDocument extracted, String ownershipToken) {
        return write(null, documentId, resource, body, extracted, ownershipToken);
    }

    /**
     * Stores a new version of {@code previous} (an update, or a cascade's rewrite) and records its
     * envelope. It keeps the token it was created with, whoever replaces it: ownership is the creator's.
     */
    StoredDocument replace(StoredDocument previous, ResourceSchema resource, ObjectNode body, ExtractedDocument extracted) {
        return write(previous, previous.documentId(), resource, body, extracted, previous.ownershipToken());
    }

    private StoredDocument write(StoredDocument previous, UUID documentId, ResourceSchema resource, ObjectNode body, ExtractedDocument extracted,
            String ownershipToken) {
        long changeVersion = store.nextChangeVersion();
        Instant now = clock.instant();
        byte[] bodyBytes = MessageCodec.encode(body);
        StoredDocument next = new StoredDocument(
                documentId,
                resource.projectEndpoint(),
                resource.endpointName(),
                resource.name().resourceName(),
                extracted.identity().referentialId().value(),
                extracted.superclassIdentity().map(i -> i.referentialId().value()).orElse(null),
                extracted.referenceIdentity().map(i -> i.referentialId().value()).orElse(null),
                identityMap(extracted.identity()),
                referencedIds(extracted),
                body,
                etagOf(bodyBytes),
                now,
                changeVersion,
                ownershipToken);
        store.save(previous, next, bodyBytes);
        envelopes.add(new Emitted(documentId, MessageCodec.encodeDocument(new DocumentEnvelope(MessageCodec.VERSION, documentId,
                next.project(), next.resource(), next.resourceName(), next.referentialId(), next.identity(), body, next.etag(), now,
                changeVersion, false, ownershipToken, keyChange(resource, previous, next)), bodyBytes)));
        return next;
    }

    /** The key before and after, when this write changes it: change queries tell it ({@code /keyChanges}), recorded with the write. */
    private static DocumentEnvelope.KeyChange keyChange(ResourceSchema resource, StoredDocument previous, StoredDocument next) {
        if (previous == null || previous.identity().equals(next.identity())) {
            return null;
        }
        return new DocumentEnvelope.KeyChange(KeyValues.byPath(resource, previous.document()), KeyValues.byPath(resource, next.document()));
    }

    /** Removes a document and records its delete envelope. */
    long delete(StoredDocument document) {
        long changeVersion = store.nextChangeVersion();
        store.delete(document);
        envelopes.add(new Emitted(document.documentId(), MessageCodec.encodeDocument(new DocumentEnvelope(MessageCodec.VERSION,
                document.documentId(), document.project(), document.resource(), document.resourceName(), document.referentialId(),
                document.identity(), null, null, clock.instant(), changeVersion, true, null), null)));
        return changeVersion;
    }

    List<Emitted> envelopes() {
        return envelopes;
    }

    static Map<String, String> identityMap(DocumentIdentity identity) {
        Map<String, String> map = new LinkedHashMap<>();
        for (IdentityElement element : identity.elements()) {
            map.put(element.path(), element.value());
        }
        return map;
    }

    private static List<UUID> referencedIds(ExtractedDocument extracted) {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (DocumentReference reference : extracted.documentReferences()) {
            ids.add(reference.target().referentialId().value());
        }
        for (DescriptorReference descriptor : extracted.descriptorReferences()) {
            ids.add(descriptor.target().referentialId().value());
        }
        return List.copyOf(ids);
    }

    /** A content hash: equal documents have equal ETags, any change gives a new one. */
    static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return Long.toUnsignedString(ByteBuffer.wrap(digest).getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
