package org.edfi.dms.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.QueryField;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;
import org.edfi.dms.schema.validation.EdFiDates;

/**
 * Turns GET query parameters into containment filters, typed by the ApiSchema's query field
 * mapping: {@code schoolId=255901001} on a StudentSchoolAssociation becomes
 * {@code {"schoolReference": {"schoolId": 255901001}}}. It is given the query fields alone
 * ({@link QueryParameters} sets paging aside and refuses unknown names). A value that does not fit
 * its field's type is refused as the DMS refuses it, by the field's path: {@code birthDate=word}
 * is {@code $.birthDate: The value 'word' is not valid for birthDate.} The DMS's leniency holds: a
 * date-time or a US slash date ({@code 3/4/2009}) where a date belongs, a date where a date-time
 * belongs, booleans in any case. A date-time is compared as the write path stored it, in UTC
 * ({@link EdFiDates}): {@code 2024-08-01T08:00:00-05:00} finds {@code 2024-08-01T13:00:00Z}.
 */
final class QueryFilters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);


    private QueryFilters() {}

    /** @return the filters, or the problem of every value that does not fit its field */
    static Result build(ResourceSchema resource, Map<String, String> parameters) {
        List<List<String>> filters = new ArrayList<>();
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            Optional<QueryField> field = find(resource, parameter.getKey());
            if (field.isEmpty()) {
                continue;
            }
            String path = field.get().targets().getFirst().path().toString();
            if (parameter.getValue().indexOf('\u0000') >= 0) {
                // no stored document holds U+0000 (writes refuse it), and PostgreSQL's jsonb cannot even parse a filter of it
                invalid.computeIfAbsent(path, p -> new ArrayList<>())
                        .add("The value of " + parameter.getKey() + " contains the character U+0000, which no document holds.");
                continue;
            }
            List<String> alternatives = new ArrayList<>();
            for (QueryField.Target target : field.get().targets()) {
                Optional<JsonNode> value = typed(target.type(), parameter.getValue());
                if (value.isEmpty()) {
                    invalid.computeIfAbsent(path, p -> new ArrayList<>())
                            .add("The value '" + parameter.getValue() + "' is not valid for " + parameter.getKey() + ".");
                    break;
                }
                alternatives.add(MessageCodec.encodeToString(containment(target.path().toString(), value.get())));
            }
            filters.add(alternatives);
        }
        return invalid.isEmpty() ? new Result(filters, null) : new Result(List.of(), Problem.dataValidation(invalid));
    }

    /** @param problem the refusal of the values that do not fit; null when every one does */
    record Result(List<List<String>> filters, Problem problem) {}

    /** The query field of {@code resource} that {@code name} names, without case. */
    static Optional<QueryField> find(ResourceSchema resource, String name) {
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
                case "date" -> date(value.strip()).map(date -> NODES.textNode(date.toString()));
                // as the write path stored it: in UTC with Z, whatever offset the filter gives
                case "date-time" -> EdFiDates.dateTime(value).<JsonNode>map(NODES::textNode);
                case "time" -> Optional.of(LocalTime.parse(value.strip())).map(time -> NODES.textNode(value));
                default -> Optional.of(NODES.textNode(value));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The date a value names: an ISO date, the date of an ISO date-time (with or without its offset), or a US slash date. */
    private static Optional<LocalDate> date(String value) {
        if (value.indexOf('/') >= 0) {
            return Optional.of(EdFiDates.slashDate(value).orElseThrow(() -> new DateTimeParseException("not a date", value, 0)));
        }
        if (value.indexOf('T') < 0) {
            return Optional.of(LocalDate.parse(value));
        }
        try {
            return Optional.of(LocalDateTime.parse(value).toLocalDate());
        } catch (DateTimeParseException e) {
            return Optional.of(OffsetDateTime.parse(value).toLocalDate());
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
