package org.edfi.dms.contracts;

import java.util.List;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * The API client a request comes from, as its token says: what the roles need to authorize its
 * writes and reads past the route (the security module's guard puts it in the request's context).
 *
 * @param namespacePrefixes the namespaces its vendor may write in ({@code uri://ed-fi.org})
 * @param educationOrganizationIds the education organizations its application is given
 * @param grants what its claim set grants on the request's resource, action by action, with the
 *     authorization strategies that decide which documents it reaches
 * @param ownershipToken the creator ownership token its application's clients share (OwnershipBased
 *     authorization); null when its token was issued before tokens carried one
 * @param profiles the API profiles its application is assigned, by name
 * @param profile the profile this request goes through on its resource (named by its media type, or
 *     the one assigned profile covering the resource); null for none: the whole document
 */
public record Caller(String clientId, List<String> namespacePrefixes, List<Long> educationOrganizationIds, Grants grants,
        String ownershipToken, List<String> profiles, ResourceProfile profile) {

    public Caller {
        namespacePrefixes = List.copyOf(namespacePrefixes);
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
        profiles = List.copyOf(profiles);
    }

    /** A caller without profiles. */
    public Caller(String clientId, List<String> namespacePrefixes, List<Long> educationOrganizationIds, Grants grants, String ownershipToken) {
        this(clientId, namespacePrefixes, educationOrganizationIds, grants, ownershipToken, List.of(), null);
    }
}
