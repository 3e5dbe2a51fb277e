package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edfi.dms.schema.ResourceSchema;

/**
 * How documents reach the API: over HTTP like any Ed-Fi client, or straight into the instance's
 * command topic. Both answer with the same outcome for the same document. Calls block; the loader
 * makes many at once from virtual threads.
 */
public interface Transport extends AutoCloseable {

    /** POSTs (upserts) one document of {@code resource}. */
    Outcome upsert(ResourceSchema resource, ObjectNode document) throws InterruptedException;

    /** Where the documents go, for the summary. */
    String describe();

    @Override
    void close();
}
