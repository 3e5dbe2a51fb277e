package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the processor keeps of each document: enough to check integrity (the referential ids it
 * holds and those it references), to answer If-Match, and to rewrite it when an identity it
 * references changes.
 *
 * @param superclassReferentialId the superclass identity it holds (a School's EducationOrganization), or null
 * @param referenceReferentialId the shared identity references resolve against for resources with an
 *     identity gap, or null
 * @param references the distinct referential ids of every document and descriptor it references
 * @param ownershipToken the creator ownership token it was stamped with when created (OwnershipBased
 *     authorization), never changed afterwards; null when it was created without one
 */
record StoredDocument(
        UUID documentId,
        String project,
        String resource,
        String resourceName,
        UUID referentialId,
        UUID superclassReferentialId,
        UUID referenceReferentialId,
        Map<String, String> identity,
        List<UUID> references,
        ObjectNode document,
        String etag,
        Instant lastModified,
        long changeVersion,
        String ownershipToken) {}
