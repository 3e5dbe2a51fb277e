package org.edfi.dms.security;

/** A vendor or application of that name exists with another definition. */
public class RegistrationConflictException extends RuntimeException {

    public RegistrationConflictException(String message) {
        super(message);
    }
}
