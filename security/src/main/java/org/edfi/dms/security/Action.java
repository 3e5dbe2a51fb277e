package org.edfi.dms.security;

import java.util.Locale;

/** What a request does to a resource: POST creates (or upserts), GET reads, PUT updates, DELETE deletes. */
public enum Action {
    CREATE, READ, UPDATE, DELETE;

    /** The name in claim set files: {@code create}, {@code read}, {@code update}, {@code delete}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
