package org.edfi.dms.contracts;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} (version 00): the trace a write belongs to and the span
 * that handed it on. It travels from the HTTP request (the caller's, or one begun at the edge) in
 * the header of the same name on the command, the committed documents and the analytics change,
 * so that one write can be followed from the HTTP answer to the CDC record.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero
 * @param flags 2 hex digits; {@code 01} is sampled
 */
public record TraceParent(String traceId, String spanId, String flags) {

    /** The header's name, in HTTP and on Kafka records alike. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORM = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final HexFormat HEX = HexFormat.of();

    /** The traceparent a header carries, when it is one of version 00 (anything else starts a new trace, as the spec asks). */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var match = FORM.matcher(header.strip());
        if (!match.matches() || match.group(1).chars().allMatch(c -> c == '0') || match.group(2).chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(match.group(1), match.group(2), match.group(3)));
    }

    /** The traceparent a Kafka record's header value carries ({@code null}: the record has none). */
    public static Optional<TraceParent> fromHeader(byte[] value) {
        return value == null ? Optional.empty() : parse(new String(value, StandardCharsets.UTF_8));
    }

    /** The value of the header on a Kafka record. */
    public byte[] headerValue() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A new trace, sampled. */
    public static TraceParent begin() {
        return new TraceParent(randomHex(16), randomHex(8), "01");
    }

    /** A span of this trace handed on by the next hop. */
    public TraceParent next() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    /** The header's value: {@code 00-<trace id>-<span id>-<flags>}. */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(random);
        } while (allZero(random));
        return HEX.formatHex(random);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
