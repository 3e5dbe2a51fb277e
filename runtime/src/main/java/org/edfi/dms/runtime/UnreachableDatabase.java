package org.edfi.dms.runtime;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means PostgreSQL could not be reached, rather than a bug: no connection within
 * the pool's wait (a server down, restarting or refusing), a connection lost mid-statement (SQL
 * state class 08), or a server shutting down or recovering from a crash (57P01-57P03). A request
 * that meets one is answered 503, to be repeated later; nothing was applied by it.
 */
final class UnreachableDatabase {

    private UnreachableDatabase() {}

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
