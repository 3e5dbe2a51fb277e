package org.edfi.dms.security;

import java.time.Instant;
import java.util.List;
import org.edfi.dms.contracts.InstanceId;

/**
 * What an authenticated client may do, as its token will say: its claim set (from its
 * application), the instances it reaches, the namespace prefixes of its vendor, the education
 * organizations of its application and the ownership token its application's clients share.
 *
 * @param notIssuedBefore the earliest {@code iat} its token may carry: since its last revocation
 *     refuses tokens issued before that time, a token issued now is dated no earlier
 *     ({@link Instant#EPOCH}: never revoked)
 * @param ownershipToken the creator ownership token of its application (OwnershipBased
 *     authorization); null: none, as tokens issued before ownership tokens
 */
public record Grant(
        String clientId,
        String claimSet,
        List<InstanceId> instances,
        List<String> namespacePrefixes,
        List<Long> educationOrganizationIds,
        Instant notIssuedBefore,
        String ownershipToken) {

    public Grant {
        instances = List.copyOf(instances);
        namespacePrefixes = List.copyOf(namespacePrefixes);
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
    }

    /** The grant of a client never revoked, without an ownership token. */
    public Grant(String clientId, String claimSet, List<InstanceId> instances, List<String> namespacePrefixes, List<Long> educationOrganizationIds) {
        this(clientId, claimSet, instances, namespacePrefixes, educationOrganizationIds, Instant.EPOCH, null);
    }
}
