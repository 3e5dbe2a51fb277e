package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Values the kind of a resource decides rather than its JSON Schema (the two kinds the ApiSchema
 * format singles out, as {@link org.edfi.dms.schema.extraction.DocumentExtractor} does):
 * <ul>
 *   <li>a descriptor value is identified by {@code namespace#codeValue}: the namespace is
 *       {@code uri://generated.example.org/<DescriptorName>} and the code values
 *       {@code Code 1}, {@code Code 2}, ...;
 *   <li>the school year enumeration's documents are years that references to it accept (1900 to
 *       2100): the year of the scenario's last date, then the years before it.
 * </ul>
 * Every other property of these documents is generated from the JSON Schema like any other.
 */
final class FixedValues {

    static final String NAMESPACE_PREFIX = "uri://generated.example.org/";

    private final int lastYear;

    FixedValues(Scenario scenario) {
        this.lastYear = scenario.lastDate().getYear();
    }

    /** The paths and values fixed for the {@code number}th document (from 1) of {@code resource}. */
    Map<String, JsonNode> of(ResourceSchema resource, long number) {
        if (resource.isDescriptor()) {
            return Map.of("$.namespace", TextNode.valueOf(NAMESPACE_PREFIX + resource.name().resourceName()),
                    "$.codeValue", TextNode.valueOf("Code " + number));
        }
        if (resource.isSchoolYearEnumeration() && resource.identityPaths().size() == 1) {
            return Map.of(resource.identityPaths().getFirst().toString(), IntNode.valueOf((int) (lastYear - number + 1)));
        }
        return Map.of();
    }
}
