package org.edfi.dms.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Page tokens are opaque and tamper-evident: only the unaltered token, in the scope it was issued for, reads back. */
class PageTokensTest {

    private static final PageTokens TOKENS = PageTokens.withSecret("a secret").forInstance("district-a/2024");
    private static final PageScope STUDENTS = new PageScope("ed-fi/students", List.of());
    private static final PageToken SEGMENT = new PageToken(1_000, 2_000);

    @Test
    void aTokenReadsBackAsItsPositionAndEnd() {
        String token = TOKENS.encode(SEGMENT, STUDENTS);
        assertEquals(Optional.of(SEGMENT), TOKENS.decode(token, STUDENTS));
        assertEquals(Optional.of(PageToken.FIRST), TOKENS.decode(TOKENS.encode(PageToken.FIRST, STUDENTS), STUDENTS));
        assertTrue(token.matches("[A-Za-z0-9_-]{44}"), "URL-safe, fixed length: " + token);
    }

    @Test
    void aSnapshotWalksTokenCarriesItsSnapshot() {
        PageToken asOf = SEGMENT.asOf(new Snapshot(4_242));
        String token = TOKENS.encode(asOf, STUDENTS);
        assertEquals(Optional.of(asOf), TOKENS.decode(token, STUDENTS));
        assertEquals(Optional.of(asOf.continuingAfter(1_500)), TOKENS.decode(TOKENS.encode(asOf.continuingAfter(1_500), STUDENTS), STUDENTS),
                "the next page reads as of the same snapshot");
        assertTrue(token.matches("[A-Za-z0-9_-]{55}"), "URL-safe, fixed length: " + token);
    }

    @Test
    void everyAlteredByteIsRefused() {
        for (PageToken position : List.of(SEGMENT, SEGMENT.asOf(new Snapshot(4_242)))) {
            byte[] bytes = Base64.getUrlDecoder().decode(TOKENS.encode(position, STUDENTS));
            for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] altered = bytes.clone();
                    altered[i] ^= (byte) (1 << bit);
                    assertEquals(Optional.empty(), TOKENS.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(altered), STUDENTS),
                            position + " byte " + i + " bit " + bit);
                }
            }
        }
    }

    @Test
    void aTokenOfAnotherResourceFiltersInstanceOrSecretIsRefused() {
        String token = TOKENS.encode(SEGMENT, STUDENTS);
        assertEquals(Optional.empty(), TOKENS.decode(token, new PageScope("ed-fi/schools", List.of())));
        assertEquals(Optional.empty(), TOKENS.decode(token, new PageScope("ed-fi/students", List.of("{\"studentUniqueId\": \"S1\"}"))));
        assertEquals(Optional.empty(), TOKENS.decode(token, STUDENTS.with("minChangeVersion", "5")));
        assertEquals(Optional.empty(), PageTokens.withSecret("a secret").forInstance("district-b/2024").decode(token, STUDENTS));
        assertEquals(Optional.empty(), PageTokens.withSecret("another secret").forInstance("district-a/2024").decode(token, STUDENTS));
    }

    @Test
    void anotherNodeWithTheSameSecretAcceptsTheToken() {
        String token = TOKENS.encode(SEGMENT, STUDENTS);
        assertEquals(Optional.of(SEGMENT), PageTokens.withSecret("a secret").forInstance("district-a/2024").decode(token, STUDENTS));
    }

    @Test
    void whatIsNotATokenIsRefused() {
        for (String text : List.of("", "abc", "not base64 at all!", "AAAA", TOKENS.encode(SEGMENT, STUDENTS) + "A")) {
            assertEquals(Optional.empty(), TOKENS.decode(text, STUDENTS), text);
        }
    }
}
