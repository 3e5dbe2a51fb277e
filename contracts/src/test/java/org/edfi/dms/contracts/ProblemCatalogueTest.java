package org.edfi.dms.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Problem} is the one catalogue of the problems the API answers: no other source of any
 * module names a problem type or makes a problem itself, and every type of the catalogue is
 * listed for clients in docs/ed-fi-differences.md.
 */
class ProblemCatalogueTest {

    private static final Path HOME = Path.of(System.getProperty("dms.home", "..")).toAbsolutePath().normalize();
    private static final Path CATALOGUE = HOME.resolve("contracts/src/main/java/org/edfi/dms/contracts/Problem.java");
    private static final Pattern TYPE = Pattern.compile("\"urn:ed-fi:[^\"]*\"");

    @Test
    void noSourceOutsideTheCatalogueNamesAProblemTypeOrMakesAProblem() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path source : mainSources()) {
            if (source.equals(CATALOGUE)) {
                continue;
            }
            String text = Files.readString(source);
            Matcher type = TYPE.matcher(text);
            if (type.find()) {
                offenders.add(HOME.relativize(source) + " names " + type.group());
            }
            if (text.contains("new Problem(")) {
                offenders.add(HOME.relativize(source) + " makes a Problem itself");
            }
        }
        assertEquals(List.of(), offenders, "problem types and problems belong to contracts' Problem");
    }

    @Test
    void everyTypeOfTheCatalogueIsListedForClients() throws Exception {
        String listed = Files.readString(HOME.resolve("docs/ed-fi-differences.md"));
        List<String> missing = new ArrayList<>();
        for (Field field : Problem.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                String value = (String) field.get(null);
                if (value.startsWith("urn:ed-fi:") && !listed.contains("`" + value)) {
                    missing.add(value);
                }
            }
        }
        assertEquals(List.of(), missing, "docs/ed-fi-differences.md lists every problem type");
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(HOME)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.contains(CATALOGUE), "the sources are found from " + HOME);
        return sources;
    }
}
