package org.edfi.dms.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock the test moves: token expiry and key retirement without waiting. */
final class MutableClock extends Clock {

    private volatile Instant now;

    MutableClock(Instant start) {
        this.now = start;
    }

    /** Starts at the real time (in microseconds, as PostgreSQL keeps it), so that what it stamps and what the clock says are close. */
    static MutableClock now() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
