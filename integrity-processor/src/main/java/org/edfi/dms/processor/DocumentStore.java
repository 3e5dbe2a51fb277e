package org.edfi.dms.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.edfi.dms.messages.MessageCodec;

/**
 * The processor's state for one instance, over five persistent (RocksDB, changelogged) stores:
 * <ul>
 *   <li>{@code documents}: document id to {@link StoredDocument};
 *   <li>{@code identities}: referential id to the one document holding it (its natural key, or its
 *       superclass key, which no other subclass may share);
 *   <li>{@code memberships}: (referential id, document id) for shared reference identities, held by
 *       every document of a resource with an identity gap;
 *   <li>{@code referrers}: (referenced referential id, referencing document id) to the referencing
 *       resource's name, the reverse references that guard deletes and drive identity cascades;
 *   <li>{@code meta}: the instance's change version counter.
 * </ul>
 * Composite keys put every entry of one referential id next to each other, so "is it referenced"
 * is one prefix seek, however many documents reference it.
 */
final class DocumentStore {

    static final String DOCUMENTS = "documents";
    static final String IDENTITIES = "identities";
    static final String MEMBERSHIPS = "memberships";
    static final String REFERRERS = "referrers";
    static final String META = "meta";

    private static final Bytes CHANGE_VERSION = Bytes.wrap("changeVersion".getBytes(StandardCharsets.UTF_8));

    /** A document that references a referential id. */
    record Referrer(UUID documentId, String resourceName) {}

    private final KeyValueStore<Bytes, byte[]> documents;
    private final KeyValueStore<Bytes, byte[]> identities;
    private final KeyValueStore<Bytes, byte[]> memberships;
    private final KeyValueStore<Bytes, byte[]> referrers;
    private final KeyValueStore<Bytes, byte[]> meta;

    DocumentStore(
            KeyValueStore<Bytes, byte[]> documents,
            KeyValueStore<Bytes, byte[]> identities,
            KeyValueStore<Bytes, byte[]> memberships,
            KeyValueStore<Bytes, byte[]> referrers,
            KeyValueStore<Bytes, byte[]> meta) {
        this.documents = documents;
        this.identities = identities;
        this.memberships = memberships;
        this.referrers = referrers;
        this.meta = meta;
    }

    Optional<StoredDocument> find(UUID documentId) {
        byte[] value = documents.get(key(documentId));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageCodec.MAPPER.readValue(value, StoredDocument.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt stored document " + documentId, e);
        }
    }

    /** The document holding a natural or superclass key. */
    Optional<UUID> holderOf(UUID referentialId) {
        byte[] value = identities.get(key(referentialId));
        return value == null ? Optional.empty() : Optional.of(uuid(value, 0));
    }

    /** Whether a reference to this referential id resolves: a document holds it or shares it. */
    boolean exists(UUID referentialId) {
        return holderOf(referentialId).isPresent() || countMembers(referentialId, 1) > 0;
    }

    /** How many documents share a reference identity, counting no further than {@code limit}. */
    int countMembers(UUID referentialId, int limit) {
        int count = 0;
        try (KeyValueIterator<Bytes, byte[]> members = memberships.prefixScan(key(referentialId), Serdes.Bytes().serializer())) {
            while (count < limit && members.hasNext()) {
                members.next();
                count++;
            }
        }
        return count;
    }

    /** Up to {@code limit} documents, other than {@code except}, that reference a referential id. */
    List<Referrer> referrers(UUID referentialId, UUID except, int limit) {
        List<Referrer> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = referrers.prefixScan(key(referentialId), Serdes.Bytes().serializer())) {
            while (found.size() < limit && entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                UUID documentId = uuid(entry.key.get(), 16);
                if (!documentId.equals(except)) {
                    found.add(new Referrer(documentId, new String(entry.value, StandardCharsets.UTF_8)));
                }
            }
        }
        return found;
    }

    /** Writes a new or changed document and moves its index entries from {@code previous}'s. */
    void save(StoredDocument previous, StoredDocument next) {
        UUID id = next.documentId();
        if (previous != null) {
            if (!previous.referentialId().equals(next.referentialId())) {
                identities.delete(key(previous.referentialId()));
            }
            if (previous.superclassReferentialId() != null && !previous.superclassReferentialId().equals(next.superclassReferentialId())) {
                identities.delete(key(previous.superclassReferentialId()));
            }
            if (previous.referenceReferentialId() != null && !previous.referenceReferentialId().equals(next.referenceReferentialId())) {
                memberships.delete(key(previous.referenceReferentialId(), id));
            }
            Set<UUID> kept = new HashSet<>(next.references());
            for (UUID reference : previous.references()) {
                if (!kept.contains(reference)) {
                    referrers.delete(key(reference, id));
                }
            }
        }
        identities.put(key(next.referentialId()), bytes(id));
        if (next.superclassReferentialId() != null) {
            identities.put(key(next.superclassReferentialId()), bytes(id));
        }
        if (next.referenceReferentialId() != null) {
            memberships.put(key(next.referenceReferentialId(), id), new byte[0]);
        }
        byte[] resourceName = next.resourceName().getBytes(StandardCharsets.UTF_8);
        Set<UUID> previousReferences = previous == null ? Set.of() : new HashSet<>(previous.references());
        for (UUID reference : next.references()) {
            if (!previousReferences.contains(reference)) {
                referrers.put(key(reference, id), resourceName);
            }
        }
        documents.put(key(id), MessageCodec.encode(next));
    }

    void delete(StoredDocument document) {
        UUID id = document.documentId();
        identities.delete(key(document.referentialId()));
        if (document.superclassReferentialId() != null) {
            identities.delete(key(document.superclassReferentialId()));
        }
        if (document.referenceReferentialId() != null) {
            memberships.delete(key(document.referenceReferentialId(), id));
        }
        for (UUID reference : document.references()) {
            referrers.delete(key(reference, id));
        }
        documents.delete(key(id));
    }

    /** The next change version of the instance: one more than the last one handed out. */
    long nextChangeVersion() {
        byte[] current = meta.get(CHANGE_VERSION);
        long next = (current == null ? 0 : ByteBuffer.wrap(current).getLong()) + 1;
        meta.put(CHANGE_VERSION, ByteBuffer.allocate(8).putLong(next).array());
        return next;
    }

    private static Bytes key(UUID id) {
        return Bytes.wrap(bytes(id));
    }

    private static Bytes key(UUID first, UUID second) {
        return Bytes.wrap(ByteBuffer.allocate(32)
                .putLong(first.getMostSignificantBits()).putLong(first.getLeastSignificantBits())
                .putLong(second.getMostSignificantBits()).putLong(second.getLeastSignificantBits())
                .array());
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static UUID uuid(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
