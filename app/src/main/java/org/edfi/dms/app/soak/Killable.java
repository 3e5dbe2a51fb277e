package org.edfi.dms.app.soak;

import java.time.Duration;

/** A process of the production shape the chaos loop kills with {@code kill -9} and starts again, as a supervisor would. */
interface Killable {

    String name();

    /** {@code kill -9}: nothing is flushed, committed or shut down. */
    void kill() throws InterruptedException;

    /** Starts it again, with the same settings and state, and waits until it is ready. */
    void start(Duration readyWithin) throws InterruptedException;

    boolean isAlive();
}
