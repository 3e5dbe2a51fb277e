package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.JsonLinesFileName;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/** One file that {@code dms generate} wrote: a resource's documents, in the dependency order of the file names. */
record GeneratedFile(ResourceSchema resource, List<ObjectNode> documents) {

    /** The files of the directory, in load order. */
    static List<GeneratedFile> readAll(Path directory, ApiSchema schema) throws IOException {
        List<GeneratedFile> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(directory)) {
            for (Path file : listed.filter(JsonLinesFileName::isJsonLines).sorted().toList()) {
                List<ObjectNode> documents = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        documents.add((ObjectNode) MessageCodec.MAPPER.readTree(line));
                    }
                }
                files.add(new GeneratedFile(JsonLinesFileName.resourceOf(file, schema), documents));
            }
        }
        return files;
    }

    /** The path of the resource's collection under an instance's route prefix. */
    String collection(String prefix) {
        return prefix + "/data/" + resource.projectEndpoint() + "/" + resource.endpointName();
    }
}
