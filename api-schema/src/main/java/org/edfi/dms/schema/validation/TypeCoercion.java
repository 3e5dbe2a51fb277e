package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * The lenient reading of scalar values that Ed-Fi clients rely on (the ODS/API and DMS accept
 * them): {@code "true"} where a boolean belongs, {@code "255901"} where a number belongs, US slash
 * dates ({@code 8/23/2024}) where a date belongs. Date-times are normalized as the DMS stores them,
 * in UTC with {@code Z}: an offset is converted, a value without one is read as UTC, a plain or
 * slash date is midnight, and a 12-hour time with AM/PM is read ({@code 2021-09-28 2:15:30 PM} is
 * {@code 2021-09-28T14:15:30Z}). Values that do not convert are left alone for the schema to
 * reject with a clear message.
 */
final class TypeCoercion {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Month-first before day-first, as the ODS/API and DMS read an ambiguous slash date. */
    private static final List<DateTimeFormatter> SLASH_DATES = List.of(
            DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT));

    /** The readings of a date-time without an offset, each taken as UTC. */
    private static final List<DateTimeFormatter> LOCAL_DATE_TIMES = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("uuuu-MM-dd[' ']['T']h:mm[:ss] a").toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("M/d/uuuu h:mm[:ss] a").toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("M/d/uuuu H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT));

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
        if (!value.isTextual() || value.asText().indexOf('/') < 0) {
            return value;
        }
        LocalDate date = parseSlashDate(value.asText().strip());
        return date == null ? value : TextNode.valueOf(date.toString());
    }

    static JsonNode toDateTime(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.asText().strip();
        Instant instant = parseDateTime(text);
        if (instant == null) {
            LocalDate date = text.indexOf('/') >= 0 ? parseSlashDate(text) : parseIsoDate(text);
            instant = date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return instant == null ? value : TextNode.valueOf(DateTimeFormatter.ISO_INSTANT.format(instant));
    }

    /** Date-times with a time, with or without an offset (read as UTC without one), in ISO form or with a space and AM/PM. */
    private static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            // try the readings without an offset
        }
        for (DateTimeFormatter format : LOCAL_DATE_TIMES) {
            try {
                return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next reading
            }
        }
        return null;
    }

    private static LocalDate parseSlashDate(String text) {
        for (DateTimeFormatter format : SLASH_DATES) {
            try {
                return LocalDate.parse(text, format);
            } catch (DateTimeParseException e) {
                // try the next reading
            }
        }
        return null;
    }

    private static LocalDate parseIsoDate(String text) {
        if (text.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
