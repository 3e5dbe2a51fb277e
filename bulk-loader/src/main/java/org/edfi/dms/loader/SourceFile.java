package org.edfi.dms.loader;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A file of records to load: an Ed-Fi XML interchange ({@link XmlSourceFile}) or a JSON Lines file
 * of Ed-Fi documents ({@link JsonLinesSourceFile}). The loader streams each file once to learn what
 * it holds and again for each dependency level that needs it, so a source hands over one record at
 * a time and never holds the whole file.
 */
public interface SourceFile {

    Path path();

    /**
     * Calls {@code action} with each record, in file order, before reading the next.
     *
     * @throws java.io.UncheckedIOException or a format-specific runtime exception when the file cannot
     *     be read at all (records before the fault have been handed over already)
     */
    void forEach(Consumer<? super SourceRecord> action);
}
