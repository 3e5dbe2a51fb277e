package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;

/**
 * A reference that is present must carry every identity value of its target. JSON Schema says so
 * for most references, but not all: the Data Standard 5.0 schemas of {@code schoolYearTypeReference}
 * require nothing, so {@code "schoolYearTypeReference": {}} would otherwise pass.
 */
final class ReferenceCompletenessCheck {

    private ReferenceCompletenessCheck() {}

    static void check(ResourceSchema resource, JsonNode document, ValidationErrors errors) {
        for (ReferenceDefinition reference : resource.references()) {
            for (JsonPath.Match match : reference.objectPath().matches(document)) {
                for (ReferenceDefinition.Field field : reference.fields()) {
                    JsonNode value = match.value().get(field.propertyName());
                    if (value == null || value.isNull()) {
                        errors.add(match.path() + "." + field.propertyName(), field.propertyName() + " is required.");
                    }
                }
            }
        }
    }
}
