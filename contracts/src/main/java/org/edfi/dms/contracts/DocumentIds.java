package org.edfi.dms.contracts;

import java.util.Optional;
import java.util.UUID;

/** Document ids as clients write them in URLs: the 36-character UUID form, anything else is no document. */
public final class DocumentIds {

    private DocumentIds() {}

    public static Optional<UUID> parse(String id) {
        try {
            return id == null || id.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
