package org.edfi.dms.schema.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ResourceSchema;

/**
 * A profile checked against an ApiSchema ({@link ProfileResolver}): the resources it covers, each
 * with its shapes in JSON member names.
 */
public record Profile(String name, Map<QualifiedResourceName, ResourceProfile> resources, ProfileDefinition definition) {

    public Profile {
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    /** What the profile does to {@code resource}; empty when it does not cover it. */
    public Optional<ResourceProfile> forResource(ResourceSchema resource) {
        return Optional.ofNullable(resources.get(resource.name()));
    }
}
