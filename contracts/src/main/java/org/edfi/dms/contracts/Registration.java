package org.edfi.dms.contracts;

/** What a create found or made: the record, and whether this call made it. */
public record Registration<T>(T value, boolean created) {}
