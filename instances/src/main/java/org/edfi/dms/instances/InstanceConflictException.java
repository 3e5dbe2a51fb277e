package org.edfi.dms.instances;

/** A request that cannot be done as things stand; {@link #kind()} says why. */
public class InstanceConflictException extends RuntimeException {

    public enum Kind {
        /** Another instance of the tenant has this context, or this name with another definition. */
        IDENTITY,
        /** The instance is in a state that does not allow the operation, or another operation on it is under way. */
        STATE
    }

    private final Kind kind;

    public InstanceConflictException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
