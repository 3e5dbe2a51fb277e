package org.edfi.dms.loader;

import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The {@code Authorization} header of one client, taken again by the client credentials grant
 * shortly before its token expires: a load (or a benchmark) that runs longer than a token's
 * lifetime keeps its access instead of meeting a wall of 401s halfway.
 */
public final class BearerToken {

    /** One grant from a token endpoint: the access token and its lifetime. */
    public record Grant(String accessToken, Duration expiresIn) {}

    /** Asks a token endpoint for a grant. */
    @FunctionalInterface
    interface Grantor {
        Grant grant() throws IOException;
    }

    /** How long before expiry a token is renewed; at most half its lifetime, for short-lived tokens. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private record Held(String header, Instant renewAt) {}

    private final Grantor grantor;
    private final InstantSource clock;
    private volatile Held held;

    BearerToken(Grantor grantor, InstantSource clock) throws IOException {
        this.grantor = grantor;
        this.clock = clock;
        this.held = take();
    }

    /** The client's token from {@code {base}/oauth/token}, or an IOException saying what the endpoint answered. */
    public static BearerToken of(WebClient http, String base, String clientId, String clientSecret) throws IOException {
        return new BearerToken(() -> ClientCredentials.grant(http, base, clientId, clientSecret), InstantSource.system());
    }

    /** {@code Bearer ...}, renewed first if the token is about to expire. */
    public String header() throws IOException {
        Held current = held;
        if (clock.instant().isBefore(current.renewAt())) {
            return current.header();
        }
        synchronized (this) {
            if (!clock.instant().isBefore(held.renewAt())) { // one renewal for all the threads that saw it due
                held = take();
            }
            return held.header();
        }
    }

    private Held take() throws IOException {
        Instant asked = clock.instant();
        Grant grant = grantor.grant();
        Duration lifetime = grant.expiresIn();
        Duration margin = RENEW_BEFORE.compareTo(lifetime.dividedBy(2)) < 0 ? RENEW_BEFORE : lifetime.dividedBy(2);
        return new Held("Bearer " + grant.accessToken(), asked.plus(lifetime).minus(margin));
    }
}
