package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a command asks for. */
public enum CommandType {
    /** POST: insert by natural key, or update the document that has it. */
    @JsonProperty("upsert") UPSERT,
    /** PUT by document id: replace the document, possibly changing its natural key where allowed. */
    @JsonProperty("update") UPDATE,
    /** DELETE by document id. */
    @JsonProperty("delete") DELETE;

    /** Its name in meters and span names, as in the message: {@code upsert}, {@code update}, {@code delete}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
