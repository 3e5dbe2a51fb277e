package org.edfi.dms.instances;

import javax.sql.DataSource;
import org.edfi.dms.migrations.SchemaMigration;

/**
 * The tables of the configuration store ({@link InstanceRegistry}), in schema {@code dms_config} of
 * the configuration database, migrated by Flyway from the scripts under {@code db/config}. The
 * security store shares the database with a schema and history of its own.
 */
public final class RegistrySchema {

    /** The lock the hand-written migrations took ("dmsc" in ASCII). */
    private static final long MIGRATION_LOCK = 0x646d7363L;
    /** How the configuration store is migrated; version 1 is what the hand-written migrations made. */
    public static final SchemaMigration MIGRATION = new SchemaMigration("dms_config", MIGRATION_LOCK, "classpath:db/config");

    private RegistrySchema() {}

    /** Brings the tables to the newest version; safe to run again and from several processes at once ({@link SchemaMigration#migrate}). */
    public static void migrate(DataSource configDatabase) {
        MIGRATION.migrate(configDatabase);
    }
}
