package org.edfi.dms.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.QueryField;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * Turns GET query parameters into containment filters, typed by the ApiSchema's query field
 * mapping: {@code schoolId=255901001} on a StudentSchoolAssociation becomes
 * {@code {"schoolReference": {"schoolId": 255901001}}}. Parameters that are not query fields of the
 * resource, and paging parameters, are ignored here.
 */
final class QueryFilters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** A parameter whose value does not fit its field's type. */
    record Invalid(String parameter, String message) {}

    private QueryFilters() {}

    /** @return the filters, or the first parameter that does not fit */
    static Result build(ResourceSchema resource, Map<String, String> parameters) {
        List<List<String>> filters = new ArrayList<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            Optional<QueryField> field = find(resource, parameter.getKey());
            if (field.isEmpty()) {
                continue;
            }
            if (parameter.getValue().indexOf('\u0000') >= 0) {
                // no stored document holds U+0000 (writes refuse it), and PostgreSQL's jsonb cannot even parse a filter of it
                return new Result(List.of(), new Invalid(parameter.getKey(),
                        "The value of " + parameter.getKey() + " contains the character U+0000, which no document holds."));
            }
            List<String> alternatives = new ArrayList<>();
            for (QueryField.Target target : field.get().targets()) {
                Optional<JsonNode> value = typed(target.type(), parameter.getValue());
                if (value.isEmpty()) {
                    return new Result(List.of(), new Invalid(parameter.getKey(),
                            "The value '" + parameter.getValue() + "' of " + parameter.getKey() + " is not a valid " + target.type() + "."));
                }
                alternatives.add(MessageCodec.encodeToString(containment(target.path().toString(), value.get())));
            }
            filters.add(alternatives);
        }
        return new Result(filters, null);
    }

    record Result(List<List<String>> filters, Invalid invalid) {}

    private static Optional<QueryField> find(ResourceSchema resource, String name) {
        QueryField exact = resource.queryFields().get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return resource.queryFields().values().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    private static Optional<JsonNode> typed(String type, String value) {
        try {
            return switch (type) {
                // a number beyond what any document holds (1e999999) is not one: PostgreSQL's numeric cannot even read it
                case "number" -> Optional.of(new BigDecimal(value.strip())).filter(IdentityValues::isReasonable).<JsonNode>map(NODES::numberNode);
                case "boolean" -> switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> Optional.of(NODES.booleanNode(true));
                    case "false" -> Optional.of(NODES.booleanNode(false));
                    default -> Optional.empty();
                };
                default -> Optional.of(NODES.textNode(value));
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code $.a[*].b} with value v becomes {@code {"a": [{"b": v}]}}. */
    static JsonNode containment(String path, JsonNode value) {
        String[] steps = path.substring(2).split("\\.");
        JsonNode node = value;
        for (int i = steps.length - 1; i >= 0; i--) {
            String step = steps[i];
            boolean array = step.endsWith("[*]");
            ObjectNode object = NODES.objectNode();
            if (array) {
                ArrayNode items = NODES.arrayNode();
                items.add(node);
                object.set(step.substring(0, step.length() - 3), items);
            } else {
                object.set(step, node);
            }
            node = object;
        }
        return node;
    }
}
