package org.edfi.dms.contracts;

/** A message that is not valid JSON or lacks what its type requires; the message says what. */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
