package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory of verified tokens lasts as long as the tokens do, on the clock it is given. */
class VerifiedTokensTest {

    private static final Grant GRANT = new Grant("abc123", "SISVendor", List.of(), List.of(), List.of());

    @Test
    void aTokenIsRememberedUntilItExpiresPlusTheLeeway() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        VerifiedTokens verified = new VerifiedTokens(clock, Duration.ofSeconds(30));
        TokenClaims claims = TokenClaims.issue(GRANT, clock.instant(), Duration.ofMinutes(1));

        verified.put("token", claims);
        clock.advance(Duration.ofSeconds(89));
        assertEquals(Optional.of(claims), verified.get("token"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), verified.get("token"), "expired: the next request verifies it anew, and is refused");
        assertEquals(Optional.empty(), verified.get("another token"));
    }
}
