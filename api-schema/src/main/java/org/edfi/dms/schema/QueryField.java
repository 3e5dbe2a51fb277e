package org.edfi.dms.schema;

import java.util.List;

/**
 * A GET query parameter of a resource and the document paths it filters on; a parameter may map
 * to several paths (for example a schoolId carried by two references).
 */
public record QueryField(String name, List<Target> targets) {

    /** @param type the ApiSchema's type: string, number, boolean, date, time or date-time */
    public record Target(JsonPath path, String type, boolean partOfIdentity) {}

    public QueryField {
        targets = List.copyOf(targets);
    }
}
