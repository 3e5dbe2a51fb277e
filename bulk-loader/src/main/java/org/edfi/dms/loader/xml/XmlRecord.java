package org.edfi.dms.loader.xml;

import java.nio.file.Path;

/**
 * One top-level record of an interchange file: a child of the root {@code Interchange*} element.
 *
 * @param position the record's 1-based index among the file's records
 * @param line the line its start tag begins on, for reject reports
 */
public record XmlRecord(Path file, int position, XmlElement element, int line) {

    @Override
    public String toString() {
        return file.getFileName() + " record " + position + " (line " + line + ", " + element.name() + ")";
    }
}
