package org.edfi.dms.instances;

/**
 * A step of provisioning, purging or removing an instance failed (a database, Kafka or Kafka
 * Connect unreachable or refusing). The instance keeps the state of the unfinished operation, and
 * repeating the admin request runs the operation again.
 */
public class InstanceOperationException extends RuntimeException {

    public InstanceOperationException(String message) {
        super(message);
    }

    public InstanceOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
