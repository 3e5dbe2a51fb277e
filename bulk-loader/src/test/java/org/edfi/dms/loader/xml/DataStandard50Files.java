package org.edfi.dms.loader.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/**
 * The Ed-Fi Data Standard 5.0 files beside the repository (shared/edfi/ds-5.0), found as
 * api-schema's tests find them: the build's {@code edfi.dir} property, else {@code ../shared/edfi}
 * from the working directory upward. They are read in place, never copied.
 */
final class DataStandard50Files {

    private static ApiSchema schema;

    private DataStandard50Files() {}

    static Path dir() {
        String configured = System.getProperty("edfi.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).resolve("ds-5.0");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/edfi").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate.resolve("ds-5.0");
            }
        }
        throw new IllegalStateException("The Ed-Fi files (shared/edfi) were not found beside the repository");
    }

    /** The ApiSchema, loaded once for all tests of the module. */
    static synchronized ApiSchema apiSchema() {
        if (schema == null) {
            try {
                schema = ApiSchemaLoader.load(dir().resolve("ApiSchema.json"));
            } catch (SchemaLoadException e) {
                throw new IllegalStateException(e);
            }
        }
        return schema;
    }

    /** The XML files of a folder ({@code descriptors}, {@code sample-xml}), by name. */
    static List<Path> xmlFiles(String folder) {
        try (Stream<Path> files = Files.list(dir().resolve(folder))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
