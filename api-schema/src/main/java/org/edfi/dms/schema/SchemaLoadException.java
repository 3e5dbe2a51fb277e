package org.edfi.dms.schema;

/** An ApiSchema file that cannot be read, or whose content is malformed or inconsistent; the message names the place. */
public final class SchemaLoadException extends Exception {

    public SchemaLoadException(String message) {
        super(message);
    }

    public SchemaLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
