package org.edfi.dms.security;

import java.util.List;

/** A request for a vendor. */
public record NewVendor(String name, List<String> namespacePrefixes) {

    public NewVendor {
        namespacePrefixes = namespacePrefixes == null ? List.of() : List.copyOf(namespacePrefixes);
    }
}
