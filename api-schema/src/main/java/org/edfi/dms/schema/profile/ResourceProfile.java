package org.edfi.dms.schema.profile;

import java.util.Optional;
import java.util.Set;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What one profile does to one resource: the shape a reader gets and the shape a writer may write,
 * each when the profile defines it.
 *
 * @param identityMembers the top-level members holding the resource's natural key, which every shape keeps
 */
public record ResourceProfile(String profileName, ResourceSchema resource, Optional<ContentShape> readable,
        Optional<ContentShape> writable, Set<String> identityMembers) {

    public ResourceProfile {
        identityMembers = Set.copyOf(identityMembers);
    }

    /** The shape of a usage, when the profile defines it. */
    public Optional<ContentShape> shape(ProfileUsage usage) {
        return usage == ProfileUsage.READABLE ? readable : writable;
    }
}
