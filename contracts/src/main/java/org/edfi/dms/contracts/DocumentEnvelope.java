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
        String ownershipToken) {}
