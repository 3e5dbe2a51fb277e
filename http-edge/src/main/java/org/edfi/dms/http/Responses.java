package org.edfi.dms.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the HTTP roles answer: problem+json stamped with the request's correlation id, JSON,
 * a pipeline's {@link Answer}, a JSON operation's {@link Reply}, and 405 with {@code Allow}.
 */
public final class Responses {

    public static final String PROBLEM_JSON = "application/problem+json";
    /** JSON answers, in UTF-8 as the DMS says it. */
    public static final String JSON = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {}

    /**
     * Answers {@code problem}, with the request's correlation id. A body the client sent and nobody
     * read is consumed first, so the connection can serve its next request.
     */
    public static void problem(ServerRequest req, ServerResponse res, Problem problem) {
        if (req.content().hasEntity() && !req.content().consumed()) {
            req.content().consume();
        }
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
        res.send(MessageCodec.encode(problem.withCorrelationId(correlationId(req))));
    }

    /** Answers a pipeline's answer: its status and headers, then its problem, its JSON body, or nothing. */
    public static void send(ServerRequest req, ServerResponse res, Answer answer) {
        answer.headers().forEach(res::header);
        if (answer.problem() != null) {
            problem(req, res, answer.problem());
        } else if (answer.body() != null) {
            // A read through an API profile is answered in the profile's media type, set by the pipeline.
            res.status(Status.create(answer.status()));
            res.header(HeaderNames.CONTENT_TYPE, answer.headers().getOrDefault("Content-Type", JSON));
            res.send(answer.body().getBytes(StandardCharsets.UTF_8));
        } else {
            res.status(Status.create(answer.status()));
            res.send();
        }
    }

    public static void json(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(body);
    }

    /** Answers {@code value} as JSON through the one configured mapper. */
    public static void json(ServerResponse res, int status, Object value) {
        json(res, status, MessageCodec.encode(value));
    }

    /**
     * Every method but {@code allowed} on {@code path} answers 405 naming the allowed ones, in their
     * order, and in {@code errors} why, as the DMS words it; a data path whose resource the ApiSchema
     * does not have answers 404 first, whatever the method.
     */
    public static void notAllowed(HttpRules http, String path, Collection<Method> allowed) {
        http.route(method -> !allowed.contains(method), PathMatchers.create(path), (req, res) -> methodNotAllowed(req, res, allowed));
    }

    /** Answers 405 naming {@code allowed} (or 404 for a resource that does not exist). */
    public static void methodNotAllowed(ServerRequest req, ServerResponse res, Collection<Method> allowed) {
        Optional<RequestContext> context = req.context().get(RequestContext.class);
        if (context.isPresent() && context.get().data().isPresent() && context.get().resource().isEmpty()) {
            problem(req, res, Problem.notFound("The specified data could not be found."));
            return;
        }
        Optional<DataPath> data = context.flatMap(RequestContext::data);
        boolean item = data.flatMap(DataPath::id).isPresent();
        Collection<Method> methods = data.filter(DataPath::readsOnly).isPresent() ? List.of(Method.GET) : allowed;
        res.header(HeaderNames.ALLOW, String.join(", ", methods.stream().map(Method::text).toList()));
        problem(req, res, Problem.methodNotAllowed(whyNot(req.prologue().method(), item, methods)));
    }

    /** Why a method does not apply to a data route: a write of the other kind of route, or a method it has not at all. */
    private static String whyNot(Method method, boolean item, Collection<Method> allowed) {
        if (allowed.contains(Method.PUT) || allowed.contains(Method.POST)) {
            if (method.equals(Method.DELETE) && !item) {
                return "Resource collections cannot be deleted. To delete a specific item, use DELETE and include the 'id' in the route.";
            }
            if (method.equals(Method.PUT) && !item) {
                return "Resource collections cannot be replaced. To 'upsert' an item in the collection, use POST. To update a specific item,"
                        + " use PUT and include the 'id' in the route.";
            }
            if (method.equals(Method.POST) && item) {
                return "Resource items can only be updated using PUT. To 'upsert' an item in the resource collection using POST, remove the"
                        + " 'id' from the route.";
            }
        }
        return "The endpoint of the request does not support the '" + method.text() + "' method.";
    }

    /**
     * Runs a JSON operation and answers it: its {@link Reply}, or the problem {@code refusals} makes
     * of what it threw. An exception {@code refusals} does not know is a bug: logged, and answered
     * 500 with the correlation id to find the log line by, never an unhandled error.
     */
    public static Handler replying(Function<ServerRequest, Reply> operation, Function<RuntimeException, Optional<Problem>> refusals) {
        return (req, res) -> reply(req, res, operation, refusals);
    }

    private static void reply(ServerRequest req, ServerResponse res, Function<ServerRequest, Reply> operation,
            Function<RuntimeException, Optional<Problem>> refusals) {
        Reply reply;
        try {
            reply = operation.apply(req);
        } catch (RuntimeException e) {
            problem(req, res, refusals.apply(e).orElseGet(() -> {
                String correlationId = correlationId(req);
                LOG.error("{} {} failed [{}]", req.prologue().method().text(), req.path().rawPath(), correlationId, e);
                return Problem.internalError(correlationId);
            }));
            return;
        }
        res.status(Status.create(reply.status()));
        reply.location().ifPresent(location -> res.header(HeaderNames.LOCATION, location));
        if (reply.secret()) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (reply.body() == null) {
            res.send();
        } else {
            json(res, reply.status(), reply.body());
        }
    }

    /** The request's correlation id; a service tested without the edge reads it from the headers. */
    private static String correlationId(ServerRequest req) {
        return req.context().get(RequestContext.class).map(RequestContext::correlationId)
                .orElseGet(() -> CorrelationHeader.DEFAULT.read(req.headers()));
    }
}
