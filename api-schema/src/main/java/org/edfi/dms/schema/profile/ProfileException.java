package org.edfi.dms.schema.profile;

import java.util.List;

/** A profile definition that cannot be used: malformed XML, or members the ApiSchema does not have. Every fault is listed. */
public final class ProfileException extends RuntimeException {

    private final List<String> faults;

    public ProfileException(List<String> faults) {
        super(String.join("; ", faults));
        this.faults = List.copyOf(faults);
    }

    public ProfileException(String fault) {
        this(List.of(fault));
    }

    public List<String> faults() {
        return faults;
    }
}
