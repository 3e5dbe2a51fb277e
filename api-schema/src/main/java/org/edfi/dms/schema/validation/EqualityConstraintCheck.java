package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.edfi.dms.schema.EqualityConstraint;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * A key carried by several references must carry one value: a section's
 * {@code courseOfferingReference.schoolId} and {@code locationReference.schoolId} name the same
 * school. Values are compared in canonical form (numbers by value, descriptors without case).
 */
final class EqualityConstraintCheck {

    private EqualityConstraintCheck() {}

    static void check(ResourceSchema resource, JsonNode document, ValidationErrors errors) {
        for (EqualityConstraint constraint : resource.equalityConstraints()) {
            Set<String> canonical = new LinkedHashSet<>();
            Set<String> written = new LinkedHashSet<>();
            collect(constraint.source().values(document), constraint.source().toString(), canonical, written);
            collect(constraint.target().values(document), constraint.target().toString(), canonical, written);
            if (canonical.size() > 1) {
                String message = "All values supplied for '" + constraint.source().lastPropertyName()
                        + "' must match. Review all references (including those higher up in the resource's data)"
                        + " and align the following conflicting values: '" + String.join("', '", written) + "'";
                errors.add(constraint.source().toString(), message);
                errors.add(constraint.target().toString(), message);
            }
        }
    }

    private static void collect(Iterable<JsonNode> values, String path, Set<String> canonical, Set<String> written) {
        for (JsonNode value : values) {
            if (value.isValueNode() && canonical.add(IdentityValues.canonical(path, value))) {
                written.add(value.asText());
            }
        }
    }
}
