package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.edfi.dms.schema.validation.JsonBodyParser;

/** Test fixtures: the small hand-written ApiSchema, the Data Standard 5.0 file, and JSON helpers. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** The small core model in src/test/resources/fixtures/small-core.json, as parsed JSON to edit. */
    public static ObjectNode smallCoreJson() {
        return (ObjectNode) resourceJson("/fixtures/small-core.json");
    }

    public static JsonNode resourceJson(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiSchema smallCore() {
        return load(smallCoreJson());
    }

    public static ApiSchema load(JsonNode... documents) {
        try {
            Map<String, JsonNode> named = new java.util.LinkedHashMap<>();
            for (int i = 0; i < documents.length; i++) {
                named.put("fixture-" + i + ".json", documents[i]);
            }
            return ApiSchemaLoader.fromJson(named);
        } catch (SchemaLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Ed-Fi files beside the repository: system property edfi.dir (set by the build), else ../shared/edfi upward. */
    public static Path edfiDir() {
        String configured = System.getProperty("edfi.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/edfi").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The Ed-Fi files (shared/edfi) were not found beside the repository");
    }

    public static Path dataStandard50() {
        return edfiDir().resolve("ds-5.0/ApiSchema.json");
    }

    /** Parses a JSON body the way the API does. */
    public static ObjectNode body(String json) {
        JsonBodyParser.Result result = new JsonBodyParser().parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new IllegalArgumentException("Fixture body does not parse: " + result.refusal());
        }
        return result.document();
    }
}
