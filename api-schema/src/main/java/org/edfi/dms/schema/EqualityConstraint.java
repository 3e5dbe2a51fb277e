package org.edfi.dms.schema;

/**
 * Two paths of a document that must hold the same value wherever both are present, typically a key
 * shared by several references (a section's schoolId and its session's schoolId).
 */
public record EqualityConstraint(JsonPath source, JsonPath target) {}
