package org.edfi.dms.security;

import java.time.Instant;
import java.util.List;

/** One product of a vendor: its claim set and the education organizations its clients act for. */
public record Application(long id, String vendor, String name, String claimSet, List<Long> educationOrganizationIds, Instant createdAt) {

    public Application {
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
    }
}
