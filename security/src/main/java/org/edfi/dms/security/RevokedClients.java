package org.edfi.dms.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revoked clients as one API node sees them: for each client whose tokens were revoked (deleted,
 * secret reset, made inactive) within a token lifetime, since when its tokens are refused. A token
 * is revoked when its {@code iat} is before that time ({@link #revoked}), whichever node issued it.
 *
 * <p>Requests look here, in memory, never in the database: the view reads the rows changed since
 * its last look ({@link ClientRevocations#since}) every {@link #REFRESH_EVERY}, on a thread of its
 * own, so a revocation made through any node reaches every node within about that. When the
 * configuration database cannot be read, the node goes on with the view it has (the tokens revoked
 * meanwhile keep working there until it can read again, or they expire) and says so in its log;
 * refusing every token instead would turn a database outage into an API outage.
 */
public final class RevokedClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevokedClients.class);

    /** How often a node reads the revocations written since its last look. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(1);

    private final Jdbi jdbi;
    /** How long after a revocation the tokens it refuses may still be unexpired: the token lifetime and the leeway. */
    private final Duration relevant;
    private final Clock clock;
    private final Map<String, Instant> revokedBefore = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    /** Where the next look starts ({@link ClientRevocations#since}); guarded by this. */
    private long cursor;
    /** Whether the last look failed, so that an outage is logged when it starts and when it ends; guarded by this. */
    private boolean failing;

    /**
     * A view read now, and again every {@code every} ({@link Duration#ZERO}: only when
     * {@link #refresh} is called).
     *
     * @param tokenLifetime the longest lifetime of the tokens this node verifies, at most
     *     {@link ClientRevocations#KEPT} less the leeway: revocations are kept that long
     * @throws org.jdbi.v3.core.JdbiException the table cannot be read: a node does not start without it
     */
    public RevokedClients(Jdbi jdbi, Duration tokenLifetime, Clock clock, Duration every) {
        this.relevant = tokenLifetime.plus(JsonWebTokens.LEEWAY);
        if (relevant.compareTo(ClientRevocations.KEPT) > 0) {
            throw new IllegalArgumentException("A token lives at most " + ClientRevocations.KEPT.minus(JsonWebTokens.LEEWAY)
                    + ", since revocations are kept " + ClientRevocations.KEPT + ": " + tokenLifetime);
        }
        this.jdbi = jdbi;
        this.clock = clock;
        refresh();
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dms-revoked-clients").factory());
        if (every.isPositive()) {
            refresher.scheduleWithFixedDelay(this::refreshOrKeep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the token's client had its tokens revoked after this one was issued. */
    public boolean revoked(TokenClaims claims) {
        Instant before = revokedBefore.get(claims.clientId());
        return before != null && claims.issuedAt().isBefore(before);
    }

    /**
     * Reads the revocations written since the last look into the view, and forgets those whose
     * tokens have all expired. Returns how many rows it read.
     *
     * @throws org.jdbi.v3.core.JdbiException the table cannot be read; the view stays as it was
     */
    synchronized int refresh() {
        ClientRevocations.Changes changes = jdbi.withHandle(h -> ClientRevocations.since(h, cursor));
        for (ClientRevocations.Revocation revocation : changes.revocations()) {
            revokedBefore.merge(revocation.clientId(), revocation.tokensRevokedBefore(), (a, b) -> a.isAfter(b) ? a : b);
        }
        cursor = changes.cursor();
        Instant now = clock.instant();
        revokedBefore.values().removeIf(before -> before.plus(relevant).isBefore(now));
        return changes.revocations().size();
    }

    /** How many clients the view holds. */
    int size() {
        return revokedBefore.size();
    }

    private synchronized void refreshOrKeep() {
        try {
            refresh();
            if (failing) {
                failing = false;
                LOG.info("Reading the token revocations again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Could not read the token revocations; going on with the {} known until the configuration database answers: {}",
                        revokedBefore.size(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
