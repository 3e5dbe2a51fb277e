package org.edfi.dms.security;

import java.time.Instant;
import java.util.List;

/** A software vendor: its clients may write documents whose namespaces start with one of its prefixes. */
public record Vendor(String name, List<String> namespacePrefixes, Instant createdAt) {

    public Vendor {
        namespacePrefixes = List.copyOf(namespacePrefixes);
    }
}
