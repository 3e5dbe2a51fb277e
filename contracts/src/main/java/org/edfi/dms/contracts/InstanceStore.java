package org.edfi.dms.contracts;

/**
 * Where an instance's documents live on its PostgreSQL server: a database and, in it, a schema
 * holding the store's tables ({@code document}, {@code tracked_delete}, {@code applied_offset}). The
 * store-sink writes there, the query-api reads there, and CDC names the instance after it, so the
 * names are a contract between the roles (docs/store.md).
 *
 * <ul>
 *   <li>A database of its own (the default): database {@code dms_<tenant>_<instance>}, schema {@code dms}.
 *   <li>A schema of its own in its tenant's shared database: database {@code dms-<tenant>} (the
 *       hyphen keeps it apart from every per-instance database, whose names have none), schema
 *       {@code dms_<instance>}.
 * </ul>
 * Hyphens of tenant and instance names become underscores in the names PostgreSQL parses without
 * quotes; names never contain underscores, so the instance is read back from its schema exactly
 * (the CDC plugin does, with a copy of this rule that {@code NamingRulesTest} holds to it).
 * The schema is also the channel the sink notifies applied writes on.
 */
public record InstanceStore(String database, String schema) {

    /** The longest identifier PostgreSQL keeps whole; longer ones are cut, and two cut names could meet. */
    public static final int MAX_NAME_BYTES = 63;

    private static final String OWN_DATABASE_SCHEMA = "dms";
    private static final String SHARED_SCHEMA_PREFIX = "dms_";

    /** The store of an instance with a database of its own. */
    public static InstanceStore ownDatabase(InstanceId id) {
        return new InstanceStore(("dms_" + id.tenant() + "_" + id.instance()).replace('-', '_'), OWN_DATABASE_SCHEMA);
    }

    /** The store of an instance with a schema of its own in its tenant's shared database. */
    public static InstanceStore sharedDatabase(InstanceId id) {
        return new InstanceStore("dms-" + id.tenant(), SHARED_SCHEMA_PREFIX + id.instance().replace('-', '_'));
    }

    /** Whether this store shares its database with the tenant's other schema-per-instance instances. */
    public boolean shared() {
        return !schema.equals(OWN_DATABASE_SCHEMA);
    }

    /** What makes a name unusable for PostgreSQL, or null: the length it would be cut at. */
    public String tooLong() {
        for (String name : new String[] {database, schema}) {
            if (name.length() > MAX_NAME_BYTES) {
                return name + " has " + name.length() + " characters; PostgreSQL keeps " + MAX_NAME_BYTES;
            }
        }
        return null;
    }

    /** {@code jdbcUrl} (of this store's database) with the store's schema first on the search path, which every query of the roles relies on. */
    public String onSearchPath(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
