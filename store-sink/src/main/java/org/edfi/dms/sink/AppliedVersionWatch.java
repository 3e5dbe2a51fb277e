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
    /** Change versions the sink parked (dead letters), the newest few: a write waiting for one is not visible. */
    private final java.util.SequencedSet<Long> parked = new java.util.LinkedHashSet<>();
    private static final int PARKED_KEPT = 10_000;

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

    /**
     * Waits until {@code changeVersion} is applied; false when {@code timeout} passes first, or when
     * the store refused it and the sink parked it (it is not visible until an operator replays it).
     */
    public boolean awaitApplied(long changeVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            // A parked version is told before the position passes it, so it is known once applied is past it.
            while (applied < changeVersion && !parked.contains(changeVersion)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return !parked.contains(changeVersion);
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
                            String payload = notification.getParameter();
                            if (payload.startsWith(PARKED)) {
                                parked(Long.parseLong(payload.substring(PARKED.length())));
                            } else {
                                advance(Long.parseLong(payload));
                            }
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

    /** The notification of a parked change version: {@code parked <version>}. */
    static final String PARKED = "parked ";

    /** The store refused {@code version} and the sink parked it, passing it: it has every change before it. */
    public void parked(long version) {
        synchronized (monitor) {
            parked.add(version);
            if (parked.size() > PARKED_KEPT) {
                parked.removeFirst();
            }
            monitor.notifyAll();
        }
        advance(version);
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
