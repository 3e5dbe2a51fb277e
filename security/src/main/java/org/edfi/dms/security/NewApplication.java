package org.edfi.dms.security;

import java.util.List;

/** A request for an application of an existing vendor. */
public record NewApplication(String vendor, String name, String claimSet, List<Long> educationOrganizationIds) {

    public NewApplication {
        educationOrganizationIds = educationOrganizationIds == null ? List.of() : List.copyOf(educationOrganizationIds);
    }
}
