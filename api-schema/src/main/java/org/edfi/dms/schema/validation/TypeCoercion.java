package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * The lenient reading of scalar values that Ed-Fi clients rely on (the ODS/API and DMS accept
 * them): {@code "true"} where a boolean belongs, {@code "255901"} where a number belongs, US slash
 * dates ({@code 8/23/2024}) where a date belongs. Date-times are normalized as the DMS stores them,
 * in UTC with {@code Z} ({@link EdFiDates}). Values that do not convert are left alone for the schema to
 * reject with a clear message.
 */
final class TypeCoercion {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private TypeCoercion() {}

    static void apply(ResourceSchema resource, JsonNode document) {
        for (JsonPath path : resource.booleanPaths()) {
            path.replaceAll(document, TypeCoercion::toBoolean);
        }
        for (JsonPath path : resource.numericPaths()) {
            path.replaceAll(document, TypeCoercion::toNumber);
        }
        for (JsonPath path : resource.datePaths()) {
            path.replaceAll(document, TypeCoercion::toIsoDate);
        }
        for (JsonPath path : resource.dateTimePaths()) {
            path.replaceAll(document, TypeCoercion::toDateTime);
        }
    }

    static JsonNode toBoolean(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.asText().strip();
        if (text.equalsIgnoreCase("true")) {
            return BooleanNode.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return BooleanNode.FALSE;
        }
        return value;
    }

    static JsonNode toNumber(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.asText().strip();
        if (text.isEmpty() || text.length() > 100) {
            return value;
        }
        try {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                // The node a parser makes of the number written as one, so that the coerced document
                // equals the same document sent with numbers (an unchanged upsert writes nothing).
                long number = Long.parseLong(text);
                return number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
            }
            BigDecimal number = new BigDecimal(text);
            return IdentityValues.isReasonable(number) ? NODES.numberNode(number) : value;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    static JsonNode toIsoDate(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        return EdFiDates.slashDate(value.asText()).<JsonNode>map(date -> TextNode.valueOf(date.toString())).orElse(value);
    }

    static JsonNode toDateTime(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        return EdFiDates.dateTime(value.asText()).<JsonNode>map(TextNode::valueOf).orElse(value);
    }
}
