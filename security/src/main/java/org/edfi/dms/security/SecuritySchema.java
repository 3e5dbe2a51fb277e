package org.edfi.dms.security;

import javax.sql.DataSource;
import org.edfi.dms.migrations.SchemaMigration;

/**
 * The tables of schema {@code dms_security} in the configuration database (the one holding
 * {@code dms_config}): signing keys, vendors, applications and API clients. Flyway migrates them
 * from the scripts under {@code db/security}, with a history of their own in this schema, so they
 * migrate independently of the configuration store beside them.
 */
public final class SecuritySchema {

    /** The lock the hand-written migrations took ("dmss" in ASCII). */
    private static final long MIGRATION_LOCK = 0x646d7373L;
    /** How the security store is migrated; version 1 is what the hand-written migrations made. */
    public static final SchemaMigration MIGRATION = new SchemaMigration("dms_security", MIGRATION_LOCK, "classpath:db/security");

    private SecuritySchema() {}

    /** Brings the tables to the newest version; safe to run again and from several processes at once ({@link SchemaMigration#migrate}). */
    public static void migrate(DataSource configDatabase) {
        MIGRATION.migrate(configDatabase);
    }
}
