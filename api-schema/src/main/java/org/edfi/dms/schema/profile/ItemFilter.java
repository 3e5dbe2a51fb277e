package org.edfi.dms.schema.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A collection's {@code <Filter>}: only the items whose descriptor {@code property} is one of
 * {@code values} ({@code includeOnly}), or all but those. Descriptor URIs are compared as written
 * (case-sensitive, as the ODS/API compares them); an item without the property matches no value.
 *
 * @param property the JSON name of the item's descriptor member
 */
public record ItemFilter(String property, boolean includeOnly, Set<String> values) {

    public ItemFilter {
        values = Set.copyOf(values);
    }

    /** Whether the profile shows this item. */
    public boolean passes(JsonNode item) {
        JsonNode value = item.get(property);
        boolean listed = value != null && value.isTextual() && values.contains(value.asText());
        return includeOnly == listed;
    }
}
