package org.edfi.dms.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.edfi.dms.loader.xml.XmlDocumentMapper;
import org.edfi.dms.loader.xml.XmlElement;
import org.edfi.dms.schema.ApiSchema;

/** The files a load reads, found from the paths a user names, and opened as {@link SourceFile}s by their extension. */
public final class SourceFiles {

    private SourceFiles() {}

    /**
     * The loadable files under {@code paths}: files as given, folders searched for {@code .xml} and
     * {@code .jsonl} files, each file once, in name order within a folder.
     */
    public static List<Path> find(List<Path> paths) {
        Set<Path> files = new LinkedHashSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(p -> loadable(p.toString().toLowerCase(Locale.ROOT)) && Files.isRegularFile(p)).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                files.add(path);
            }
        }
        return List.copyOf(files);
    }

    private static boolean loadable(String lowerCaseName) {
        return lowerCaseName.endsWith(".xml") || lowerCaseName.endsWith(JsonLinesFileName.EXTENSION);
    }

    /**
     * Opens each file as JSON Lines when its name ends in {@code .jsonl}, as Ed-Fi XML otherwise.
     * The XML files share one table of records with an {@code id} attribute, for {@code ref}s across files.
     *
     * @throws IllegalArgumentException when a JSON Lines file's name names no resource
     */
    static List<SourceFile> open(List<Path> files, ApiSchema schema) {
        XmlDocumentMapper mapper = null; // compiled only when there is XML to read
        Map<String, XmlElement> withId = new HashMap<>();
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : files) {
            if (JsonLinesFileName.isJsonLines(file)) {
                sources.add(new JsonLinesSourceFile(file, schema));
            } else {
                mapper = mapper == null ? new XmlDocumentMapper(schema) : mapper;
                sources.add(new XmlSourceFile(file, mapper, withId));
            }
        }
        return sources;
    }
}
