package org.edfi.dms.instances;

/** A tenant or instance request breaks a rule; {@link #path()} names the offending field ({@code $.context.schoolYear}). */
public class InvalidInstanceException extends IllegalArgumentException {

    private final String path;

    public InvalidInstanceException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
