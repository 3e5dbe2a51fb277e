package org.edfi.dms.instances;

import org.edfi.dms.contracts.InstanceId;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session advisory lock on one instance, held while an admin operation provisions,
 * purges or removes it, so that two admin nodes (or a client's impatient retry) never run two
 * operations on one instance at once. It lives as long as its connection: a node that dies
 * releases it.
 */
public final class InstanceLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);

    private final Handle handle;
    private final InstanceId id;

    InstanceLock(Handle handle, InstanceId id) {
        this.handle = handle;
        this.id = id;
    }

    public InstanceId id() {
        return id;
    }

    /**
     * Unlocks. A failure to unlock is logged, not thrown: the operation under the lock is done and
     * recorded, and a connection that cannot unlock is a broken one, whose session (and lock) is gone.
     */
    @Override
    public void close() {
        try (handle) {
            handle.createQuery("SELECT pg_advisory_unlock(" + InstanceRegistry.LOCK_CLASS + ", hashtext(:id))")
                    .bind("id", id.toString()).mapTo(Boolean.class).one();
        } catch (RuntimeException e) {
            LOG.warn("Could not release the operation lock of instance {}: {}", id, e.getMessage());
        }
    }
}
