package org.edfi.dms.security;

/** No vendor, application or client of the given name. */
public class RegistrationNotFoundException extends RuntimeException {

    public RegistrationNotFoundException(String message) {
        super(message);
    }
}
