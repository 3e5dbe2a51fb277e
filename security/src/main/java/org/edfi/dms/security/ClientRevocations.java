package org.edfi.dms.security;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The table {@code dms_security.client_revocation}: since when each client's tokens are refused.
 * {@link ClientRegistry} writes a row in the transaction of the change that revokes (a delete, a
 * secret reset, a deactivation); {@link RevokedClients} reads the rows changed since its last look.
 */
final class ClientRevocations {

    /**
     * How long a row is kept after its revocation: longer than any token lives, so that a node
     * starting later still refuses the tokens it revoked ({@link RevokedClients} refuses a longer
     * token lifetime).
     */
    static final Duration KEPT = Duration.ofDays(1);

    /** The tokens of {@code clientId} issued before {@code tokensRevokedBefore} are refused. */
    record Revocation(String clientId, Instant tokensRevokedBefore) {}

    /** The revocations written since a look, and the cursor of the next look. */
    record Changes(List<Revocation> revocations, long cursor) {}

    private ClientRevocations() {}

    /**
     * Revokes every token of the client issued until now, in the caller's transaction. The time is
     * the database's truncated to the second, plus two seconds: one because a token's {@code iat}
     * is in whole seconds, one so that a token request that read the client before this
     * transaction committed, or a node whose clock is a little ahead, still dates its token before
     * it. New tokens are dated no earlier ({@link Grant#notIssuedBefore}), so they are not
     * refused. Rows past {@link #KEPT} go on the way.
     */
    static void revoke(Handle h, String clientId) {
        h.createUpdate("""
                INSERT INTO dms_security.client_revocation (client_id, tokens_revoked_before)
                VALUES (:id, date_trunc('second', clock_timestamp()) + interval '2 seconds')
                ON CONFLICT (client_id) DO UPDATE SET
                    tokens_revoked_before = GREATEST(client_revocation.tokens_revoked_before, EXCLUDED.tokens_revoked_before),
                    changed_by = pg_current_xact_id()""")
                .bind("id", clientId).execute();
        h.createUpdate("DELETE FROM dms_security.client_revocation WHERE tokens_revoked_before < now() - make_interval(secs => :kept)")
                .bind("kept", KEPT.toSeconds()).execute();
    }

    /**
     * The rows written by transactions that the look of {@code cursor} could not see (0: every
     * row), and the cursor of the next look: the oldest transaction still running now, since
     * anything committed later was written by it or by a newer one. A row may come twice; it is
     * the same row.
     */
    static Changes since(Handle h, long cursor) {
        record Row(long xmin, Revocation revocation) {}
        // One statement, so that the rows and the xmin are of the same snapshot; the join from one
        // row gives the xmin even when nothing changed.
        List<Row> rows = h.createQuery("""
                SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, r.client_id, r.tokens_revoked_before
                FROM (SELECT 1) AS look
                LEFT JOIN dms_security.client_revocation r ON r.changed_by >= CAST(:cursor AS text)::xid8""")
                .bind("cursor", cursor)
                .map((rs, ctx) -> new Row(Long.parseLong(rs.getString("xmin")), rs.getString("client_id") == null ? null
                        : new Revocation(rs.getString("client_id"), rs.getObject("tokens_revoked_before", OffsetDateTime.class).toInstant())))
                .list();
        return new Changes(rows.stream().map(Row::revocation).filter(Objects::nonNull).toList(), rows.getFirst().xmin());
    }
}
