package org.edfi.dms.loader.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-written interchange snippets for tests, read through {@link InterchangeReader} as a load reads files. */
final class Xml {

    private Xml() {}

    /** Writes {@code content} as a file and returns its path; the caller deletes it. */
    static Path file(String content) {
        try {
            Path file = Files.createTempFile("interchange-", ".xml");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of {@code content} (an interchange root element around them is added). */
    static List<XmlElement> records(String records) {
        Path file = file("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<InterchangeTest xmlns=\"http://ed-fi.org/5.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                + records + "\n</InterchangeTest>\n");
        try {
            List<XmlElement> read = new ArrayList<>();
            InterchangeReader.forEach(file, record -> read.add(record.element()));
            return read;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The one record of a snippet. */
    static XmlElement record(String record) {
        List<XmlElement> read = records(record);
        if (read.size() != 1) {
            throw new IllegalArgumentException("expected one record, found " + read.size());
        }
        return read.getFirst();
    }
}
