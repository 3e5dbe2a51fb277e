package org.edfi.dms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Which failures to apply a change the sink parks (the store refuses its data) and which it retries. */
class StoreRefusalTest {

    private static Optional<StoreRefusal> of(PSQLState state) {
        // wrapped as the writer and Jdbi wrap it
        return StoreRefusal.of(new IllegalStateException("Applying a batch failed", new RuntimeException(new PSQLException("refused", state))));
    }

    @Test
    void dataExceptionsAndConstraintViolationsAreRefusals() {
        assertEquals("23514", of(PSQLState.CHECK_VIOLATION).orElseThrow().sqlState());
        assertEquals("23502", of(PSQLState.NOT_NULL_VIOLATION).orElseThrow().sqlState());
        assertEquals("22P05", StoreRefusal.of(new IllegalStateException(new SQLException("unsupported Unicode escape sequence", "22P05")))
                .orElseThrow().sqlState(), "jsonb refusing \\u0000");
        assertEquals("22003", of(PSQLState.NUMERIC_VALUE_OUT_OF_RANGE).orElseThrow().sqlState());
    }

    @Test
    void lostConnectionsSerializationFailuresDeadlocksAndTheRestAreRetried() {
        assertTrue(of(PSQLState.CONNECTION_FAILURE).isEmpty());
        assertTrue(of(PSQLState.SERIALIZATION_FAILURE).isEmpty());
        assertTrue(of(PSQLState.DEADLOCK_DETECTED).isEmpty());
        assertTrue(of(PSQLState.UNDEFINED_TABLE).isEmpty(), "a missing table refuses every change alike: no reason to park one");
        assertTrue(StoreRefusal.of(new IllegalStateException("no SQL at all")).isEmpty());
    }
}
