package org.edfi.dms.loader.xml;

import java.nio.file.Path;

/** An interchange file that cannot be read: not well-formed XML, or an I/O failure. Names the file, and the line and column when known. */
public final class InterchangeReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;

    public InterchangeReadException(Path file, int line, int column, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based; -1 when the failure has no position (the file cannot be opened). */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
