package org.edfi.dms.loader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * A JSON Lines file of Ed-Fi documents: one POST body per line, all of the resource the file name
 * names ({@link JsonLinesFileName}), which is what {@code dms generate} writes. A record's position
 * is its line number; blank lines are passed over. Lines are parsed only when their level loads.
 */
final class JsonLinesSourceFile implements SourceFile {

    private final Path path;
    private final ResourceSchema resource;

    /** @throws IllegalArgumentException when the file name names no resource of {@code schema} */
    JsonLinesSourceFile(Path path, ApiSchema schema) {
        this.path = path;
        this.resource = JsonLinesFileName.resourceOf(path, schema);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void forEach(Consumer<? super SourceRecord> action) {
        try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank()) {
                    action.accept(new Line(number, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private final class Line implements SourceRecord {
        private final int number;
        private final String text;

        Line(int number, String text) {
            this.number = number;
            this.text = text;
        }

        @Override
        public int position() {
            return number;
        }

        @Override
        public String name() {
            return resource.endpointName();
        }

        @Override
        public Optional<ResourceSchema> resource() {
            return Optional.of(resource);
        }

        @Override
        public ObjectNode document() {
            JsonNode document;
            try {
                document = MessageCodec.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new UnreadableRecordException("The line is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!(document instanceof ObjectNode object)) {
                throw new UnreadableRecordException("The line is not a JSON object", null);
            }
            return object;
        }
    }
}
