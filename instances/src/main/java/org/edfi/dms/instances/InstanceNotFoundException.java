package org.edfi.dms.instances;

/** No tenant or instance of the given name. */
public class InstanceNotFoundException extends RuntimeException {

    public InstanceNotFoundException(String message) {
        super(message);
    }
}
