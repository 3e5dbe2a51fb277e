package org.edfi.dms.processor;

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

/**
 * The processor's state for one instance, over four persistent (RocksDB) stores:
 * <ul>
 *   <li>{@code documents}: document id to {@link StoredDocument}, and the instance's change version
 *       counter (changelogged);
 *   <li>{@code identities}: referential id to the one document holding it (its natural key, or its
 *       superclass key, which no other subclass may share);
 *   <li>{@code memberships}: (referential id, document id) for shared reference identities, held by
 *       every document of a resource with an identity gap;
 *   <li>{@code referrers}: (referenced referential id, referencing document id) to the referencing
 *       resource's name, the reverse references that guard deletes and drive identity cascades.
 * </ul>
 * The identities, memberships and referrers are derived from the documents ({@link #rebuildIndexesIfNeeded}).
 * Composite keys put every entry of one referential id next to each other, so "is it referenced"
 * is one prefix seek, however many documents reference it.
 */
final class DocumentStore {

    static final String DOCUMENTS = "documents";
    static final String IDENTITIES = "identities";
    static final String MEMBERSHIPS = "memberships";
    static final String REFERRERS = "referrers";

    /** The change version counter lives among the documents (a key no 16-byte document id can be), so it shares their changelog. */
    private static final Bytes CHANGE_VERSION = Bytes.wrap("changeVersion".getBytes(StandardCharsets.UTF_8));
    /**
     * The change version the indexes are built up to, under a one-byte key, which no 16-byte
     * referential id can be. It moves with every change (see {@link #nextChangeVersion}).
     */
    private static final Bytes INDEXED_UP_TO = Bytes.wrap(new byte[] {0});

    /** A document that references a referential id. */
    record Referrer(UUID documentId, String resourceName) {}

    private final KeyValueStore<Bytes, byte[]> documents;
    private final KeyValueStore<Bytes, byte[]> identities;
    private final KeyValueStore<Bytes, byte[]> memberships;
    private final KeyValueStore<Bytes, byte[]> referrers;

    DocumentStore(
            KeyValueStore<Bytes, byte[]> documents,
            KeyValueStore<Bytes, byte[]> identities,
            KeyValueStore<Bytes, byte[]> memberships,
            KeyValueStore<Bytes, byte[]> referrers) {
        this.documents = documents;
        this.identities = identities;
        this.memberships = memberships;
        this.referrers = referrers;
    }

    Optional<StoredDocument> find(UUID documentId) {
        byte[] value = documents.get(key(documentId));
        return value == null ? Optional.empty() : Optional.of(StoredDocumentCodec.decode(value));
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

    /** Writes a new or changed document ({@code body} its JSON bytes) and moves its index entries from {@code previous}'s. */
    void save(StoredDocument previous, StoredDocument next, byte[] body) {
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
        index(next, previous == null ? Set.of() : new HashSet<>(previous.references()));
        documents.put(key(id), StoredDocumentCodec.encode(next, body));
    }

    /** Adds a document's index entries, skipping references already indexed. */
    private void index(StoredDocument document, Set<UUID> indexedReferences) {
        UUID id = document.documentId();
        identities.put(key(document.referentialId()), bytes(id));
        if (document.superclassReferentialId() != null) {
            identities.put(key(document.superclassReferentialId()), bytes(id));
        }
        if (document.referenceReferentialId() != null) {
            memberships.put(key(document.referenceReferentialId(), id), new byte[0]);
        }
        byte[] resourceName = document.resourceName().getBytes(StandardCharsets.UTF_8);
        for (UUID reference : document.references()) {
            if (!indexedReferences.contains(reference)) {
                referrers.put(key(reference, id), resourceName);
            }
        }
    }

    /**
     * The three indexes are not changelogged: they are derived from the documents, whose changelog
     * carries everything needed, which halves what each write sends to Kafka. Kafka Streams restores
     * the documents and leaves the indexes as this node last had them: wiped after a crash, or as
     * they were when the task last left this node cleanly, which is stale when another node wrote
     * meanwhile. So the indexes record the change version they are built up to, and when the
     * restored documents are at another one, the indexes are emptied and rebuilt from them here,
     * before the first command.
     *
     * @return how many documents were indexed (0 when the indexes were up to date)
     */
    long rebuildIndexesIfNeeded() {
        long changeVersion = changeVersion();
        byte[] indexedUpTo = identities.get(INDEXED_UP_TO);
        if (indexedUpTo != null && indexedUpTo.length == Long.BYTES && ByteBuffer.wrap(indexedUpTo).getLong() == changeVersion) {
            return 0;
        }
        for (KeyValueStore<Bytes, byte[]> index : List.of(identities, memberships, referrers)) {
            empty(index);
        }
        long count = 0;
        try (KeyValueIterator<Bytes, byte[]> all = documents.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (entry.key.get().length == 16) {
                    index(StoredDocumentCodec.decode(entry.value), Set.of());
                    count++;
                }
            }
        }
        identities.put(INDEXED_UP_TO, longBytes(changeVersion));
        return count;
    }

    private static void empty(KeyValueStore<Bytes, byte[]> store) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                keys.add(all.next().key);
            }
        }
        keys.forEach(store::delete);
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

    /**
     * The next change version of the instance: one more than the last one handed out. The indexes
     * move with it, as the change it numbers updates them too.
     */
    long nextChangeVersion() {
        long next = changeVersion() + 1;
        byte[] encoded = longBytes(next);
        documents.put(CHANGE_VERSION, encoded);
        identities.put(INDEXED_UP_TO, encoded);
        return next;
    }

    /** The last change version handed out (0 before the first change). */
    private long changeVersion() {
        byte[] current = documents.get(CHANGE_VERSION);
        return current == null ? 0 : ByteBuffer.wrap(current).getLong();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
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
