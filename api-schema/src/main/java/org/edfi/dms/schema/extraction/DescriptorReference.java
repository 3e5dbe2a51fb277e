package org.edfi.dms.schema.extraction;

import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * A descriptor value found in a document: where it sits, the URI as written, and the identity of
 * the descriptor document it must match (case-insensitively, so the identity holds the URI in lower case).
 */
public record DescriptorReference(String path, String uri, DocumentIdentity target) {}
