package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a command asks for. */
public enum CommandType {
    /** POST: insert by natural key, or update the document that has it. */
    @JsonProperty("upsert") UPSERT,
    /** PUT by document id: replace the document, possibly changing its natural key where allowed. */
    @JsonProperty("update") UPDATE,
    /** DELETE by document id. */
    @JsonProperty("delete") DELETE
}
