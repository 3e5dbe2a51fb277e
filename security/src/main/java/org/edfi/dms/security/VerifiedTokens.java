package org.edfi.dms.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tokens whose signature and claims held, with their claims, until they expire: a client sends the
 * same token with every request, and an RSA verification costs about 45 us, 3% of a write's CPU
 * here. An entry lives until its token's {@code exp} plus the leeway, on the signing keys' clock
 * (so that a test moving that clock expires entries too); past that, the token is verified anew
 * and refused.
 */
final class VerifiedTokens {

    /** A client keeps one token for its lifetime; past this many, the least used are dropped. */
    private static final int MAX_TOKENS = 10_000;

    private final Cache<String, TokenClaims> cache;

    VerifiedTokens(Clock clock, Duration leeway) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(Expiry.creating((String token, TokenClaims claims) ->
                        Duration.between(clock.instant(), claims.expiresAt().plus(leeway))))
                .build();
    }

    Optional<TokenClaims> get(String token) {
        return Optional.ofNullable(cache.getIfPresent(token));
    }

    void put(String token, TokenClaims claims) {
        cache.put(token, claims);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
