package org.edfi.dms.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys as one API node sees them: the newest key signs, every key not yet retired
 * verifies and is published ({@link #jwks()}). Rotation needs no downtime across nodes:
 * {@link #rotate()} adds a key and retires the older ones only once every token they may have
 * signed has expired (the token lifetime, plus {@link #CLOCK_SKEW}, which also covers the
 * {@link #RELOAD_EVERY} during which another node still signs with its cached older key).
 *
 * <p>The keys are kept in memory and read again from the table every {@link #RELOAD_EVERY} (on use),
 * and at once when a token names a kid not known here (at most every {@link #UNKNOWN_KID_RELOAD}, so
 * that made-up kids cannot hammer the database): a key made on another node is found without a
 * restart. When the table cannot be read, the node goes on with the keys it has.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    /** How long a node trusts its copy of the table. */
    static final Duration RELOAD_EVERY = Duration.ofSeconds(30);
    /** The least time between two reloads caused by unknown kids. */
    static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(2);
    /** Added to the token lifetime before an older key retires: clocks of nodes differ, and caches lag. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** The keys read at {@code loadedAt}, newest first. */
    private record Loaded(List<SigningKey> keys, Instant loadedAt) {}

    private final SigningKeyStore store;
    private final Duration tokenLifetime;
    private final Clock clock;
    private volatile Loaded loaded;

    /**
     * @param tokenLifetime the longest lifetime of the tokens these keys sign: an older key verifies
     *     that long (and {@link #CLOCK_SKEW}) after a rotation
     */
    public SigningKeys(SigningKeyStore store, Duration tokenLifetime) {
        this(store, tokenLifetime, Clock.systemUTC());
    }

    public SigningKeys(SigningKeyStore store, Duration tokenLifetime, Clock clock) {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("A token lifetime is positive: " + tokenLifetime);
        }
        this.store = store;
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public Clock clock() {
        return clock;
    }

    /** Makes the first key when the table has none that still verifies (one key however many nodes start together); returns the signing key. */
    public SigningKey ensureKey() {
        Instant now = clock.instant();
        if (store.insertIfNone(now, () -> SigningKey.generate(now))) {
            LOG.info("Made the first token signing key");
        }
        reload(now);
        return signingKey();
    }

    /**
     * The key that signs now: the newest one.
     *
     * @throws IllegalStateException there is none ({@link #ensureKey()} was never called on this table)
     */
    public SigningKey signingKey() {
        Instant now = clock.instant();
        return current(now).keys().stream().filter(k -> k.live(now)).findFirst()
                .orElseThrow(() -> new IllegalStateException("There is no token signing key: call SigningKeys.ensureKey() at start"));
    }

    /** The public key of {@code kid}, if that key still verifies; an unknown kid makes the node read the table again first. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        Instant now = clock.instant();
        Optional<SigningKey> key = find(current(now), kid, now);
        if (key.isEmpty()) {
            synchronized (this) {
                Loaded seen = loaded;
                if (seen == null || !now.isBefore(seen.loadedAt().plus(UNKNOWN_KID_RELOAD)) || now.isBefore(seen.loadedAt())) {
                    reload(now);
                }
                key = find(loaded, kid, now);
            }
        }
        return key.map(SigningKey::publicKey);
    }

    /**
     * Adds a new key, which signs from now on; the older keys verify until every token they signed
     * has expired, then they are deleted (by a later rotation). Returns the new key.
     */
    public SigningKey rotate() {
        Instant now = clock.instant();
        SigningKey key = SigningKey.generate(now);
        store.rotate(key, now, now.plus(tokenLifetime).plus(CLOCK_SKEW));
        LOG.info("Rotated the token signing keys: {} signs from now on", key.kid());
        reload(now);
        return key;
    }

    /** The keys that verify now, newest (the signing key) first. */
    public List<SigningKey> keys() {
        Instant now = clock.instant();
        return current(now).keys().stream().filter(k -> k.live(now)).toList();
    }

    /**
     * The JSON Web Key Set of the keys that verify now (RFC 7517), for {@code /.well-known/jwks.json}:
     * public keys only, so that its {@code toString()} is what may be published.
     */
    public JWKSet jwks() {
        return new JWKSet(keys().stream().<JWK>map(SigningKey::publicJwk).toList());
    }

    private static Optional<SigningKey> find(Loaded keys, String kid, Instant now) {
        return keys == null ? Optional.empty() : keys.keys().stream().filter(k -> k.kid().equals(kid) && k.live(now)).findFirst();
    }

    private Loaded current(Instant now) {
        Loaded seen = loaded;
        if (seen == null || now.isAfter(seen.loadedAt().plus(RELOAD_EVERY)) || now.isBefore(seen.loadedAt())) {
            synchronized (this) {
                seen = loaded;
                if (seen == null || now.isAfter(seen.loadedAt().plus(RELOAD_EVERY)) || now.isBefore(seen.loadedAt())) {
                    reload(now);
                }
                seen = loaded;
            }
        }
        return seen;
    }

    /** Reads the table; a node that cannot keeps its keys (tokens still verify offline) and tries again a period later. */
    private synchronized void reload(Instant now) {
        try {
            loaded = new Loaded(store.live(now), now);
        } catch (RuntimeException e) {
            if (loaded == null) {
                throw e;
            }
            LOG.warn("Could not read the token signing keys; going on with the {} known: {}", loaded.keys().size(), e.getMessage());
            loaded = new Loaded(loaded.keys(), now);
        }
    }
}
