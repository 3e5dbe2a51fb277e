package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import org.edfi.dms.schema.DescriptorPath;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Identity strings must not begin or end with white space: {@code "ABC "} and {@code "ABC"} would
 * otherwise be two natural keys that look alike. Most identity strings carry a JSON Schema pattern
 * that says so already; descriptor URIs and a few others do not, and are checked here.
 */
final class IdentityWhitespaceCheck {

    private IdentityWhitespaceCheck() {}

    static void check(ResourceSchema resource, JsonNode document, ValidationErrors errors) {
        for (JsonPath path : resource.identityPaths()) {
            checkValue(path.toString(), path.value(document), errors);
        }
        for (DescriptorPath descriptor : resource.descriptorPaths()) {
            if (descriptor.partOfIdentity()) {
                for (JsonPath.Match match : descriptor.path().matches(document)) {
                    checkValue(match.path(), match.value(), errors);
                }
            }
        }
    }

    private static void checkValue(String path, JsonNode value, ValidationErrors errors) {
        if (value != null && value.isTextual()) {
            String text = value.asText();
            if (!text.isEmpty() && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)))) {
                errors.add(path, ValidationErrors.leafName(path) + " cannot contain leading or trailing spaces.");
            }
        }
    }
}
