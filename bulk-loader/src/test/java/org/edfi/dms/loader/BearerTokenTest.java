package org.edfi.dms.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A loader's token outlives no load: it is taken again shortly before the endpoint said it expires. */
class BearerTokenTest {

    /** The time the test moves. */
    private Instant now = Instant.parse("2026-12-03T08:00:00Z");
    private final InstantSource clock = () -> now;
    private final List<Instant> grants = new ArrayList<>();

    private void advance(Duration by) {
        now = now.plus(by);
    }

    private BearerToken.Grantor endpoint(Duration lifetime) {
        return () -> {
            grants.add(clock.instant());
            return new BearerToken.Grant("token-" + grants.size(), lifetime);
        };
    }

    @Test
    void aThirtyMinuteTokenIsUsedUntilTwoMinutesBeforeItExpiresThenTakenAgain() throws IOException {
        BearerToken token = new BearerToken(endpoint(Duration.ofMinutes(30)), clock);
        assertEquals("Bearer token-1", token.header());

        advance(Duration.ofMinutes(27).plusSeconds(59));
        assertEquals("Bearer token-1", token.header());
        assertEquals(1, grants.size());

        advance(Duration.ofSeconds(1));
        assertEquals("Bearer token-2", token.header());
        assertEquals("Bearer token-2", token.header());
        assertEquals(2, grants.size());
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLifetime() throws IOException {
        BearerToken token = new BearerToken(endpoint(Duration.ofSeconds(60)), clock);
        advance(Duration.ofSeconds(29));
        assertEquals("Bearer token-1", token.header());
        advance(Duration.ofSeconds(1));
        assertEquals("Bearer token-2", token.header());
    }

    @Test
    void anEndpointThatRefusesTheRenewalIsReportedAndAskedAgainOnTheNextRequest() throws IOException {
        List<Boolean> refuse = new ArrayList<>(List.of(false, true, false));
        BearerToken token = new BearerToken(() -> {
            if (refuse.removeFirst()) {
                throw new IOException("no token from http://api/oauth/token: 401");
            }
            grants.add(clock.instant());
            return new BearerToken.Grant("token-" + grants.size(), Duration.ofMinutes(30));
        }, clock);
        advance(Duration.ofMinutes(29));

        assertThrows(IOException.class, token::header);
        assertEquals("Bearer token-2", token.header());
    }
}
