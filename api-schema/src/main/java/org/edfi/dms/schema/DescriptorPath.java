package org.edfi.dms.schema;

/**
 * A document path whose value is a descriptor URI ({@code namespace#codeValue}) that must exist as
 * a document of the named descriptor resource.
 */
public record DescriptorPath(JsonPath path, QualifiedResourceName descriptor, boolean partOfIdentity) {}
