package org.edfi.dms.runtime;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.CorrelationHeader;
import org.edfi.dms.http.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the API roles: the services of the roles this node runs, and a problem+json
 * 404 for every other path. Handlers run on virtual threads, so waiting for a result blocks nothing.
 *
 * <p>Every answer the server makes is problem+json, also those Helidon makes itself: a request it
 * cannot read (a malformed request line, header or percent escape, a path or headers too long: 400
 * or 414, type {@code urn:ed-fi:api:bad-request}), a body over {@link #MAX_BODY_BYTES} (413,
 * {@code urn:ed-fi:api:payload-too-large}), and an exception a handler did not expect (500,
 * {@code urn:ed-fi:api:internal-server-error}, logged under the answer's correlation id; 503,
 * {@code urn:ed-fi:api:service-unavailable}, when it is PostgreSQL out of reach).
 */
public final class ApiServer {

    /** Ed-Fi documents are a few kilobytes; this bounds what a client can make the server buffer. */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Helidon's own words on a refused request go into {@code errors}, cut to this length. */
    private static final int MAX_MESSAGE = 200;

    private ApiServer() {}

    /**
     * Starts a server whose every request passes {@code filters} in order (the edge first), then
     * reaches the first of {@code services} with a route for it; what Helidon answers itself carries
     * the caller's correlation id in {@code correlation}, as the edge's answers do.
     */
    public static WebServer start(String host, int port, List<Filter> filters, List<HttpService> services, CorrelationHeader correlation) {
        DirectHandlers.Builder direct = DirectHandlers.builder();
        DirectHandler transportProblems = new TransportProblems(correlation);
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, transportProblems);
        }
        return WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_BODY_BYTES)
                .shutdownGracePeriod(Duration.ofSeconds(10))
                .directHandlers(direct.build())
                .routing(routing -> {
                    filters.forEach(routing::addFilter);
                    services.forEach(routing::register);
                    routing.any((req, res) -> Responses.problem(req, res, Problem.notFound("The specified data could not be found.")));
                    routing.error(Throwable.class, ApiServer::unexpected);
                })
                .build()
                .start();
    }

    /**
     * An exception out of a handler: a Helidon HTTP exception keeps its status; PostgreSQL out of
     * reach is a 503, to be repeated later; anything else is a bug, a logged 500.
     */
    private static void unexpected(ServerRequest req, ServerResponse res, Throwable error) {
        if (UnreachableDatabase.causes(error)) {
            LOG.warn("{} {} answered 503: the database is unreachable: {}", req.prologue().method().text(), req.path().rawPath(), error.toString());
            Responses.problem(req, res, Problem.serviceUnavailable("The database is unreachable."));
            return;
        }
        int status = error instanceof HttpException http ? http.status().code() : 500;
        if (status >= 500) {
            LOG.error("{} {} failed; answered 500", req.prologue().method().text(), req.path().rawPath(), error);
        }
        Responses.problem(req, res, problem(Status.create(status), error instanceof HttpException ? error.getMessage() : null));
    }

    /** What Helidon answers itself (the request could not be read, or failed outside a handler), as a problem. */
    private record TransportProblems(CorrelationHeader correlation) implements DirectHandler {

        @Override
        public TransportResponse handle(TransportRequest request, EventType type, Status status, ServerResponseHeaders headers,
                Throwable cause, System.Logger logger) {
            if (status.code() >= 500) {
                LOG.error("{} {} failed before its handler: {}", request.method(), request.path(), status, cause);
            }
            return DirectHandler.super.handle(request, type, status, headers, cause, logger);
        }

        @Override
        public TransportResponse handle(TransportRequest request, EventType type, Status status, ServerResponseHeaders headers, String message) {
            String correlationId = correlation.read(request.headers());
            Problem problem = problem(status, message).withCorrelationId(correlationId);
            return TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(correlation.name(), correlationId)
                    .header(HeaderNames.CONTENT_TYPE, Responses.PROBLEM_JSON)
                    .entity(MessageCodec.encode(problem))
                    .build();
        }
    }

    /** The Ed-Fi problem of a status Helidon chose, with its message (when it gave one) in {@code errors}. */
    private static Problem problem(Status status, String message) {
        List<String> errors = message == null || message.isBlank() ? List.of()
                : List.of(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
        int code = status.code();
        return switch (code) {
            case 404 -> Problem.notFound("The specified data could not be found.");
            case 405 -> Problem.methodNotAllowed();
            case 413 -> Problem.payloadTooLarge(MAX_BODY_BYTES);
            default -> Problem.ofServerStatus(code, status.reasonPhrase(), errors);
        };
    }
}
