package org.edfi.dms.loader;

/**
 * The load cannot go on: the transport lost what it sends through (the API gave no answer for a
 * minute; the Kafka broker took no command within its delivery timeout, or no result came back in time). Unlike a rejected record, which the
 * load notes and passes over, this stops the load: every record after it would fail the same way.
 * A second load of the same files finishes the job, since every record is an upsert by natural key.
 */
public final class LoadStoppedException extends RuntimeException {

    public LoadStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
