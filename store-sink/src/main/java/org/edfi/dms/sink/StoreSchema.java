package org.edfi.dms.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.edfi.dms.messages.InstanceId;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables of an instance's database, created and migrated by the project itself: each migration
 * is an idempotent script under {@code org/edfi/dms/sink/}, applied in version order.
 */
public final class StoreSchema {

    private static final String[] MIGRATIONS = {"V1__documents.sql"};
    /** An arbitrary number naming the migration lock ("edfi" in ASCII). */
    private static final long MIGRATION_LOCK = 0x65646669L;

    private StoreSchema() {}

    /** The database of an instance: {@code dms_<tenant>_<instance>} with hyphens as underscores. */
    public static String databaseName(InstanceId instance) {
        return ("dms_" + instance.tenant() + "_" + instance.instance()).replace('-', '_');
    }

    /**
     * Brings the database's tables to the current version; safe to run again, and from several
     * processes at once (the roles of a deployment start together): a transaction-scoped advisory
     * lock lets one of them migrate while the others wait, then find nothing to do.
     */
    public static void migrate(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            for (String migration : MIGRATIONS) {
                handle.createScript(read(migration)).execute();
            }
        });
    }

    /**
     * Empties the instance's tables (a purge): documents, tracked deletes and the sink's recorded
     * position, with document numbering restarting. The tables stay, ready for new writes.
     */
    public static void empty(Jdbi jdbi) {
        jdbi.useHandle(handle -> handle.execute("TRUNCATE dms.document, dms.tracked_delete, dms.applied_offset RESTART IDENTITY"));
    }

    private static String read(String name) {
        try (InputStream in = StoreSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
