package org.edfi.dms.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The table {@code dms_security.signing_key}, shared by every API node. Changes to it (the first
 * key, a rotation) run under a transaction-scoped advisory lock, so two nodes starting or rotating
 * together make one key, not two. Times are the caller's clock, so that tests can move it.
 */
public final class SigningKeyStore {

    /** The lock of key changes ("dmsk" in ASCII). */
    private static final long KEY_LOCK = 0x646d736bL;
    private static final String COLUMNS = "kid, private_key, public_key, created_at, retire_after";

    private final Jdbi jdbi;

    public SigningKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The keys that still verify at {@code now}, newest first: the one a rotation has not retired
     * (there is one), then the others by age, so that two keys made in the same instant still have an order.
     */
    List<SigningKey> live(Instant now) {
        return jdbi.withHandle(h -> live(h, now));
    }

    /** Inserts the key {@code create} makes unless a live key exists; true when it did. */
    boolean insertIfNone(Instant now, Supplier<SigningKey> create) {
        return jdbi.inTransaction(h -> {
            lock(h);
            if (!live(h, now).isEmpty()) {
                return false;
            }
            deleteRetired(h, now);
            insert(h, create.get());
            return true;
        });
    }

    /**
     * Adds {@code key} as the newest, gives every older key without a retirement time
     * {@code retireAfter}, and deletes the keys already past theirs.
     */
    void rotate(SigningKey key, Instant now, Instant retireAfter) {
        jdbi.useTransaction(h -> {
            lock(h);
            deleteRetired(h, now);
            h.createUpdate("UPDATE dms_security.signing_key SET retire_after = :retire WHERE retire_after IS NULL")
                    .bind("retire", timestamp(retireAfter)).execute();
            insert(h, key);
        });
    }

    private static List<SigningKey> live(Handle h, Instant now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM dms_security.signing_key"
                        + " WHERE retire_after IS NULL OR retire_after > :now ORDER BY retire_after IS NOT NULL, created_at DESC, kid")
                .bind("now", timestamp(now))
                .map(SigningKeyStore::key).list();
    }

    private static void deleteRetired(Handle h, Instant now) {
        h.createUpdate("DELETE FROM dms_security.signing_key WHERE retire_after <= :now").bind("now", timestamp(now)).execute();
    }

    private static void insert(Handle h, SigningKey key) {
        h.createUpdate("""
                INSERT INTO dms_security.signing_key (kid, private_key, public_key, created_at, retire_after)
                VALUES (:kid, :private, :public, :created, NULL)""")
                .bind("kid", key.kid())
                .bind("private", key.encodedPrivateKey())
                .bind("public", key.encodedPublicKey())
                .bind("created", timestamp(key.createdAt()))
                .execute();
    }

    private static void lock(Handle h) {
        h.execute("SELECT pg_advisory_xact_lock(" + KEY_LOCK + ")");
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static SigningKey key(ResultSet rs, StatementContext ctx) throws SQLException {
        OffsetDateTime retire = rs.getObject("retire_after", OffsetDateTime.class);
        return SigningKey.decode(rs.getString("kid"), rs.getString("private_key"), rs.getString("public_key"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(retire).map(OffsetDateTime::toInstant));
    }
}
