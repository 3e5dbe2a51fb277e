package org.edfi.dms.sink;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a failure to apply changes is the store refusing their data, which no retry changes, or
 * anything else (a lost connection, a serialization failure, a deadlock, a server shutting down),
 * which the sink retries. Only PostgreSQL's data exceptions (SQLSTATE class 22: a value it cannot
 * take) and integrity constraint violations (class 23: NOT NULL, CHECK, unique) are refusals: a
 * missing table or a bug refuses every change alike, and parking them all would empty the stream
 * into the dead letters instead of stopping it.
 *
 * @param sqlState the SQLSTATE PostgreSQL answered with
 * @param message what it said
 */
public record StoreRefusal(String sqlState, String message) {

    /** The message's first line, without PostgreSQL's detail (which may repeat the refused row). */
    public String firstLine() {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The refusal among {@code failure} and its causes, if it is one. */
    public static Optional<StoreRefusal> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                // A batch's error holds the statement's own in its next exception.
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return Optional.of(new StoreRefusal(state, next.getMessage()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
