package org.edfi.dms.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The header a caller's correlation id comes in and is echoed in, as the deployment names it (the
 * DMS's {@code CorrelationIdHeader}): {@code correlation-id} unless configured otherwise. A request
 * that gives none under that name is still matched by the usual names ({@code correlation-id},
 * {@code X-Correlation-Id}), and one that gives none at all gets a new id.
 */
public record CorrelationHeader(HeaderName name) {

    /** An HTTP header name (RFC 9110 5.1: a token). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<HeaderName> USUAL = List.of(HeaderNames.create("correlation-id"), HeaderNames.create("X-Correlation-Id"));

    public static final CorrelationHeader DEFAULT = of("correlation-id");

    /** @throws IllegalArgumentException {@code name} is not a header name */
    public static CorrelationHeader of(String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("not an HTTP header name: '" + name + "'");
        }
        return new CorrelationHeader(HeaderNames.create(name));
    }

    /** The caller's correlation id, or a new one. */
    public String read(Headers headers) {
        return given(headers, name).or(() -> USUAL.stream().flatMap(usual -> given(headers, usual).stream()).findFirst())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    private static Optional<String> given(Headers headers, HeaderName header) {
        return headers.first(header).filter(v -> !v.isBlank());
    }
}
