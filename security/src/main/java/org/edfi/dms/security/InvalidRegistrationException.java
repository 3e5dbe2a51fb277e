package org.edfi.dms.security;

/** A vendor, application or client request breaks a rule; {@link #path()} names the offending field ({@code $.claimSet}), {@code $} the body. */
public class InvalidRegistrationException extends IllegalArgumentException {

    private final String path;

    public InvalidRegistrationException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
