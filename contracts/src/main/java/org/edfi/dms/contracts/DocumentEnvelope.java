package org.edfi.dms.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One committed change of a document, on the instance's documents topic, keyed by document id. A
 * delete carries {@code deleted = true}, the identity it had and no document.
 *
 * @param project the project's URL segment ({@code ed-fi})
 * @param resource the resource's URL segment ({@code schools})
 * @param resourceName the MetaEd resource name ({@code School})
 * @param referentialId the referential id of the document's natural key
 * @param identity the natural key, identity path to canonical value, in identity order
 * @param document the Ed-Fi JSON document as stored, without {@code id}, {@code _etag} or {@code _lastModifiedDate}
 * @param changeVersion increases with every change of the instance; a reader applies a document's
 *     changes in this order
 * @param ownershipToken the creator ownership token the document was stamped with when it was
 *     created, the same on every later version; null for a document created without one, and on a delete
 * @param keyChange the natural key before and after this change, when it changed it (an update of the
 *     key, or a cascade's rewrite of a key that references a changed one); null otherwise
 */
public record DocumentEnvelope(
        int version,
        UUID documentId,
        String project,
        String resource,
        String resourceName,
        UUID referentialId,
        Map<String, String> identity,
        ObjectNode document,
        String etag,
        Instant lastModified,
        long changeVersion,
        boolean deleted,
        String ownershipToken,
        KeyChange keyChange) {

    /**
     * A change of a document's natural key, which change queries answer ({@code /keyChanges}).
     *
     * @param oldKeyValues the key values before the change, by identity path, as the document held them
     * @param newKeyValues the key values after it
     */
    public record KeyChange(ObjectNode oldKeyValues, ObjectNode newKeyValues) {}

    /** A change that leaves the natural key as it was (or sets it first, or deletes the document). */
    public DocumentEnvelope(int version, UUID documentId, String project, String resource, String resourceName, UUID referentialId,
            Map<String, String> identity, ObjectNode document, String etag, Instant lastModified, long changeVersion, boolean deleted,
            String ownershipToken) {
        this(version, documentId, project, resource, resourceName, referentialId, identity, document, etag, lastModified, changeVersion,
                deleted, ownershipToken, null);
    }
}
