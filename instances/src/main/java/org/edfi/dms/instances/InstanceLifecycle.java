package org.edfi.dms.instances;

/**
 * What creating, purging and deleting an instance does outside the configuration store: its
 * database or schema, topics, Streams state and CDC connector. Implemented where the roles are
 * composed (app); the admin API calls it with the instance's record already in the matching state.
 *
 * <p>Every method may be called again for the same instance after it failed or the process died
 * halfway, and must then finish the job without harm (create what is missing, remove what is left).
 * Each throws an {@link InstanceOperationException} saying what failed; the admin API answers 503
 * with that message and leaves the instance in its unfinished state for the retry.
 */
public interface InstanceLifecycle {

    /** Creates everything the instance needs and returns the instance; the admin API then records it ready. */
    Instance provision(Instance instance);

    /** Empties everything the instance has (tables, topics' contents, state stores, connector offsets and slot), and nothing of another instance. */
    void purge(Instance instance);

    /** Removes everything the instance has; its record is deleted after this returns. */
    void remove(Instance instance);
}
