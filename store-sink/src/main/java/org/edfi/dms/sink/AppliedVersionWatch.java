package org.edfi.dms.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows the highest change version the store-sink has applied to an instance's database, from the
 * notifications it sends with each committed batch, so that a writer can wait until its write is
 * visible to reads (read-your-writes) without polling. One listening connection per instance.
 */
public final class AppliedVersionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppliedVersionWatch.class);

    private final String jdbcUrl;
    private final Object monitor = new Object();
    private final Thread listener;
    private volatile boolean running = true;
    private long applied;

    private AppliedVersionWatch(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.listener = jdbcUrl == null ? null : Thread.ofPlatform().daemon().name("dms-applied-watch").start(this::listen);
    }

    /** Listens to the store-sink's notifications on the database at {@code jdbcUrl} (one connection). */
    public static AppliedVersionWatch start(String jdbcUrl) {
        return new AppliedVersionWatch(jdbcUrl);
    }

    /**
     * A watch fed by a store-sink in the same process through {@link #advance}, with no connection
     * of its own: with many instances in one process, a LISTEN connection each would add up.
     */
    public static AppliedVersionWatch fedInProcess() {
        return new AppliedVersionWatch(null);
    }

    /** Waits until {@code changeVersion} is applied; false when {@code timeout} passes first. */
    public boolean awaitApplied(long changeVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (applied < changeVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
                // The sink notifies on the channel named after the store's schema (InstanceStore), first on the search path.
                String channel;
                try (var rs = statement.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    channel = rs.getString(1);
                }
                statement.execute("LISTEN \"" + channel + "\"");
                // Listen first, then read the current position: no batch can slip between the two.
                try (var rs = statement.executeQuery("SELECT coalesce(max(change_version), 0) FROM applied_offset")) {
                    rs.next();
                    advance(rs.getLong(1));
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            advance(Long.parseLong(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Watching applied versions failed; reconnecting: {}", e.getMessage());
                    sleep();
                }
            }
        }
    }

    /** The store has applied every change up to {@code version}. */
    public void advance(long version) {
        synchronized (monitor) {
            if (version > applied) {
                applied = version;
                monitor.notifyAll();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
