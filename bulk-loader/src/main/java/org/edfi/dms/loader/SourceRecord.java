package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.edfi.dms.schema.ResourceSchema;

/**
 * One record of a {@link SourceFile}, not yet turned into a document: the loader learns the
 * resource of every record in its first pass and reads the document only when the record's level
 * loads.
 */
public interface SourceRecord {

    /** The record's 1-based place in its file, as reject reports give it: the record number in XML, the line number in JSON Lines. */
    int position();

    /** What the file calls the record (an XML element name), for the reject report of a record that is not a resource. */
    String name();

    /** The resource the record is a document of; empty when the loaded ApiSchema has no such resource. */
    Optional<ResourceSchema> resource();

    /**
     * The Ed-Fi JSON document, as it would be POSTed.
     *
     * @throws UnreadableRecordException when the record cannot become a document of its resource
     */
    ObjectNode document();

    /** A record that cannot become a document; the message says why, and the loader rejects it with it. */
    final class UnreadableRecordException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public UnreadableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
