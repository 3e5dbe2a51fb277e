package org.edfi.dms.loader.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What to generate, as data rather than code: which resources, how many documents of each per
 * scale unit, and a few settings. Resource names come from the scenario file and are looked up in
 * the ApiSchema at run time, so a scenario fits whatever Data Standard or extension it names.
 *
 * <p>The file is lines of {@code key = value}, {@code #} comments:
 * <pre>
 * codeValuesPerDescriptor = 4          # descriptor values generated per descriptor type
 * addedResourceCount = 2               # documents of a required reference target the file does not list
 * firstDate = 2024-08-19               # every generated date falls in [firstDate, lastDate]
 * lastDate = 2025-06-13
 * ed-fi/students = 1                   # documents per scale unit (decimals allowed)
 * ed-fi/schools = 0.002                # at least one document for any count above zero
 * ed-fi/localEducationAgencies = 1 fixed   # a count that does not grow with the scale
 * </pre>
 * A resource key is {@code project/endpoint}, or a bare endpoint when one project has it.
 *
 * @param resources resource keys as written, in file order, with their counts
 */
public record Scenario(
        String name,
        Map<String, Count> resources,
        int codeValuesPerDescriptor,
        int addedResourceCount,
        LocalDate firstDate,
        LocalDate lastDate) {

    /** The scenario {@code dms generate} uses without {@code --scenario}: a school district. */
    public static final String BUILT_IN = "district";

    /** A number of documents: per scale unit, or fixed. */
    public record Count(double perUnit, boolean fixed) {

        public Count {
            if (perUnit < 0 || Double.isNaN(perUnit) || Double.isInfinite(perUnit)) {
                throw new IllegalArgumentException("a count must be zero or more, not " + perUnit);
            }
        }

        public static Count fixed(long documents) {
            return new Count(documents, true);
        }

        /** The documents at a scale: a fixed count as it is, otherwise rounded and at least one (zero stays zero). */
        public long at(long scale) {
            if (fixed) {
                return (long) perUnit;
            }
            return perUnit == 0 ? 0 : Math.max(1, Math.round(perUnit * scale));
        }

        @Override
        public String toString() {
            return fixed ? (long) perUnit + " fixed" : String.valueOf(perUnit);
        }
    }

    public Scenario {
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        if (codeValuesPerDescriptor < 1) {
            throw new IllegalArgumentException(name + ": codeValuesPerDescriptor must be at least 1");
        }
        if (addedResourceCount < 1) {
            throw new IllegalArgumentException(name + ": addedResourceCount must be at least 1");
        }
        if (lastDate.isBefore(firstDate)) {
            throw new IllegalArgumentException(name + ": lastDate " + lastDate + " is before firstDate " + firstDate);
        }
    }

    /** The built-in district scenario, from the module's resources. */
    public static Scenario builtIn() {
        String resource = "/scenarios/" + BUILT_IN + ".properties";
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the built-in scenario " + resource + " is missing from the class path");
            }
            return parse(BUILT_IN, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario file. */
    public static Scenario read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        }
    }

    public static Scenario parse(String name, String text) {
        try {
            return parse(name, new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a scenario; a line that is not {@code key = value}, a count or a setting that does not
     * parse is an {@link IllegalArgumentException} naming the scenario and the line.
     */
    public static Scenario parse(String name, Reader text) throws IOException {
        Map<String, Count> resources = new LinkedHashMap<>();
        int codeValues = 4;
        int added = 2;
        LocalDate first = LocalDate.of(2024, 8, 19);
        LocalDate last = LocalDate.of(2025, 6, 13);
        BufferedReader lines = new BufferedReader(text);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            int equals = content.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(name + ", line " + number + ": expected key = value, not '" + content + "'");
            }
            String key = content.substring(0, equals).strip();
            String value = content.substring(equals + 1).strip();
            try {
                switch (key) {
                    case "codeValuesPerDescriptor" -> codeValues = Integer.parseInt(value);
                    case "addedResourceCount" -> added = Integer.parseInt(value);
                    case "firstDate" -> first = LocalDate.parse(value);
                    case "lastDate" -> last = LocalDate.parse(value);
                    default -> {
                        if (resources.put(key, count(value)) != null) {
                            throw new IllegalArgumentException(key + " is given twice");
                        }
                    }
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException(name + ", line " + number + ": " + key + ": cannot read '" + value + "'", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ", line " + number + ": " + key + ": " + e.getMessage(), e);
            }
        }
        return new Scenario(name, resources, codeValues, added, first, last);
    }

    /** {@code 0.25} (per unit) or {@code 3 fixed}. */
    private static Count count(String value) {
        String[] words = value.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 2 && words[1].equals("fixed")) {
            return Count.fixed(Long.parseLong(words[0]));
        }
        if (words.length != 1) {
            throw new IllegalArgumentException("a count is a number of documents per unit, or 'N fixed', not '" + value + "'");
        }
        return new Count(Double.parseDouble(words[0]), false);
    }
}
