package org.edfi.dms.security;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;
import java.util.UUID;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.problem.Problem;

/** What the token and admin endpoints answer alike: correlation ids, problem+json, 405 with Allow. */
final class HttpAnswers {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";

    private HttpAnswers() {}

    static String correlationId(ServerRequest req) {
        return req.headers().first(HeaderNames.create("correlation-id"))
                .or(() -> req.headers().first(HeaderNames.create("X-Correlation-Id")))
                .filter(v -> !v.isBlank())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    static void send(ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
        res.send(MessageCodec.encode(problem));
    }

    /** Every other method on {@code path} answers 405 with the allowed ones. */
    static void notAllowed(HttpRules http, String path, Set<Method> allowed) {
        String allow = String.join(", ", allowed.stream().map(Method::text).sorted().toList());
        http.route(m -> !allowed.contains(m), PathMatchers.create(path), (req, res) -> {
            res.header(HeaderNames.ALLOW, allow);
            send(res, Problem.methodNotAllowed().withCorrelationId(correlationId(req)));
        });
    }

    static byte[] body(ServerRequest req) {
        return req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    }
}
