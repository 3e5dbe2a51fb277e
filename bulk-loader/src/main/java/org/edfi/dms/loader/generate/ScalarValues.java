package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Plain values that satisfy a property's JSON Schema: its type, format ({@code date},
 * {@code date-time}, {@code time}), {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum}, {@code enum} and {@code pattern}. Every value is drawn from the
 * random generator it is given, so the same draws give the same values.
 *
 * <p>Identity values must make natural keys unique: integers come from one counter for the whole
 * data set (so a School and a LocalEducationAgency never share an EducationOrganization id) and
 * strings from the resource's own sequence ({@code Student-17}); dates, booleans and enums cannot
 * be unique by construction and are drawn, the generator retrying on a repeated identity.
 */
final class ScalarValues {

    /** Syllables of the made-up words of free text: readable, clearly synthetic, of no language in particular. */
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ren", "sa", "tor", "vi", "na", "del", "ro", "shi", "ben", "lu", "ta", "mar", "go",
        "fi", "zan", "el", "dor", "pe", "win", "ha", "sol"
    };

    private final LocalDate firstDate;
    private final long days;
    private final Map<String, Pattern> patterns = new HashMap<>();

    ScalarValues(LocalDate firstDate, LocalDate lastDate) {
        this.firstDate = firstDate;
        this.days = ChronoUnit.DAYS.between(firstDate, lastDate) + 1;
    }

    /** A value that is not part of the natural key. */
    JsonNode value(String path, JsonNode schema, SplittableRandom random) {
        return checked(path, schema, random, () -> draw(schema, random));
    }

    /**
     * A natural key value.
     *
     * @param label what identity strings start with, e.g. the resource name
     * @param sequence the document's number, unique within the resource
     * @param counter the data set's numbers, each unique within the data set; asked only for numeric keys
     */
    JsonNode identity(String path, JsonNode schema, String label, long sequence, LongSupplier counter, SplittableRandom random) {
        String type = schema.path("type").asText();
        if (schema.has("enum") || schema.has("format") || type.equals("boolean")) {
            return value(path, schema, random);
        }
        return checked(path, schema, random, () -> switch (type) {
            case "integer", "number" -> {
                long number = counter.getAsLong();
                yield !within(schema, number) ? draw(schema, random)
                        : type.equals("integer") ? LongNode.valueOf(number) : DecimalNode.valueOf(BigDecimal.valueOf(number));
            }
            default -> TextNode.valueOf(fit(label + "-" + sequence, Long.toString(sequence), schema));
        });
    }

    private interface Draw {
        JsonNode next();
    }

    /** Draws again (a few times) when a pattern refuses a value; a pattern no draw satisfies is an error naming it. */
    private JsonNode checked(String path, JsonNode schema, SplittableRandom random, Draw draw) {
        String regex = schema.path("pattern").asText(null);
        JsonNode value = draw.next();
        if (regex == null || !value.isTextual()) {
            return value;
        }
        Pattern pattern = patterns.computeIfAbsent(regex, Pattern::compile);
        for (int attempt = 0; attempt < 20; attempt++) {
            if (pattern.matcher(value.asText()).find()) {
                return value;
            }
            value = draw(schema, random);
        }
        throw new GenerationException("cannot make a value for " + path + " that matches its pattern " + regex);
    }

    private JsonNode draw(JsonNode schema, SplittableRandom random) {
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return choices.get(random.nextInt(choices.size()));
        }
        return switch (schema.path("type").asText()) {
            case "integer" -> LongNode.valueOf(integer(schema, random));
            case "number" -> DecimalNode.valueOf(number(schema, random));
            case "boolean" -> BooleanNode.valueOf(random.nextBoolean());
            default -> TextNode.valueOf(switch (schema.path("format").asText()) {
                case "date" -> date(random).toString();
                case "date-time" -> date(random) + "T" + time(random) + "Z";
                case "time" -> time(random);
                default -> fit(words(random), words(random), schema);
            });
        };
    }

    private LocalDate date(SplittableRandom random) {
        return firstDate.plusDays(random.nextLong(days));
    }

    /** A time of the school day, to the quarter hour. */
    private static String time(SplittableRandom random) {
        int quarter = random.nextInt(7 * 4, 17 * 4);
        return String.format(Locale.ROOT, "%02d:%02d:00", quarter / 4, quarter % 4 * 15);
    }

    private static boolean within(JsonNode schema, long value) {
        return (!schema.has("minimum") || value >= schema.get("minimum").asDouble())
                && (!schema.has("maximum") || value <= schema.get("maximum").asDouble());
    }

    /** Within the bounds; small numbers when the schema gives none. */
    private static long integer(JsonNode schema, SplittableRandom random) {
        long low = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble()) : Math.min(1, upper(schema) - 99);
        long high = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : low + 99;
        return low + random.nextLong(Math.max(1, high - low + 1));
    }

    private static long upper(JsonNode schema) {
        return schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : Long.MAX_VALUE / 2;
    }

    /** Two decimals within the bounds. */
    private static BigDecimal number(JsonNode schema, SplittableRandom random) {
        BigDecimal low = schema.has("minimum") ? schema.get("minimum").decimalValue() : BigDecimal.ZERO;
        BigDecimal high = schema.has("maximum") ? schema.get("maximum").decimalValue() : low.add(BigDecimal.valueOf(1000));
        long lowCents = low.movePointRight(2).setScale(0, RoundingMode.CEILING).longValueExact();
        long highCents = high.movePointRight(2).setScale(0, RoundingMode.FLOOR).longValueExact();
        return BigDecimal.valueOf(lowCents + random.nextLong(Math.max(1, highCents - lowCents + 1)), 2);
    }

    /** One or two made-up words, e.g. {@code Kalomi Tordel}. */
    private static String words(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int count = 1 + random.nextInt(2);
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                text.append(' ');
            }
            int syllables = 2 + random.nextInt(2);
            int start = text.length();
            for (int s = 0; s < syllables; s++) {
                text.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            text.setCharAt(start, Character.toUpperCase(text.charAt(start)));
        }
        return text.toString();
    }

    /**
     * {@code text} when it fits the length bounds, else {@code shorter}, cut to {@code maxLength} (no
     * trailing space: the Ed-Fi patterns refuse it), and padded with zeros in front up to
     * {@code minLength}, which keeps numbers distinct.
     */
    private static String fit(String text, String shorter, JsonNode schema) {
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        int min = schema.path("minLength").asInt(0);
        String value = text.length() <= max ? text : shorter;
        if (value.length() > max) {
            value = value.substring(value.length() - max); // the end of a number is what makes it distinct
        }
        value = value.strip();
        if (value.length() < min) {
            value = "0".repeat(min - value.length()) + value;
        }
        return value;
    }
}
