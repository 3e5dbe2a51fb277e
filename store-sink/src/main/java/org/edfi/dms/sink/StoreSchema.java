package org.edfi.dms.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.migrations.SchemaMigration;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables of an instance's store, migrated by Flyway from the scripts under {@code db/store}
 * (docs/store.md). Each store is a schema of its own: {@code dms} in the instance's own database,
 * or {@code dms_<instance>} in its tenant's shared one; its history of migrations lives in it.
 */
public final class StoreSchema {

    /** Where the store's scripts are; version 1 is what the hand-written migrations made. */
    public static final String LOCATION = "classpath:db/store";
    /** The lock the hand-written migrations took ("edfi" in ASCII). */
    private static final long MIGRATION_LOCK = 0x65646669L;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private StoreSchema() {}

    /** How the store in {@code schema} is migrated. */
    public static SchemaMigration migration(String schema) {
        return new SchemaMigration(schema, MIGRATION_LOCK, LOCATION);
    }

    /**
     * Brings the store's tables to the newest version; safe to run again and from several
     * processes at once ({@link SchemaMigration#migrate}). The store is the schema the data
     * source's connections put first on their search path ({@code currentSchema} in the JDBC URL,
     * see {@link InstanceStore#onSearchPath}), the one every query of the roles works in.
     */
    public static void migrate(DataSource store) {
        migration(schemaOnSearchPath(store)).migrate(store);
    }

    /**
     * Empties the instance's tables (a purge): documents, the change history (tracked deletes and key
     * changes), the relationship rows (a purged enrollment reaches no one), the snapshot history and
     * the sink's recorded position and its dead letters, with document numbering restarting. The tables stay, ready for
     * new writes; the sink that starts next records where snapshots begin again.
     */
    public static void empty(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            handle.execute("TRUNCATE document, tracked_delete, key_change, enrollment, deleted_enrollment, person_link, education_organization_parent,"
                    + " document_history, applied_offset, dead_letter RESTART IDENTITY");
            handle.execute("UPDATE snapshot_horizon SET oldest_change_version = NULL");
        });
    }

    private static String schemaOnSearchPath(DataSource store) {
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('search_path')")) {
            row.next();
            String schema = row.getString(1);
            if (!SCHEMA_NAME.matcher(schema).matches()) {
                throw new IllegalStateException("The store's connection names no schema of its own (search path " + schema
                        + "); its JDBC URL needs currentSchema=<schema> (InstanceStore.onSearchPath)");
            }
            return schema;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the store's schema: " + e.getMessage(), e);
        }
    }
}
