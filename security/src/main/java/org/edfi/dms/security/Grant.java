package org.edfi.dms.security;

import java.util.List;
import org.edfi.dms.contracts.InstanceId;

/**
 * What an authenticated client may do, as its token will say: its claim set (from its
 * application), the instances it reaches, the namespace prefixes of its vendor and the education
 * organizations of its application.
 */
public record Grant(
        String clientId,
        String claimSet,
        List<InstanceId> instances,
        List<String> namespacePrefixes,
        List<Long> educationOrganizationIds) {

    public Grant {
        instances = List.copyOf(instances);
        namespacePrefixes = List.copyOf(namespacePrefixes);
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
    }
}
