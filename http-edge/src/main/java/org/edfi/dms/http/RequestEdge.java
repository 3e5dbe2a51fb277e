package org.edfi.dms.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.TraceSpan;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.slf4j.MDC;

/**
 * The first filter every request meets: it resolves the request's {@link RequestContext}
 * (correlation id, instance, resource) once, registers it for the filters and services after it,
 * echoes the correlation id and the request's {@code traceparent} on the answer, puts the
 * correlation id, trace id and instance on the log lines
 * written while the request is served, and times the request ({@value #REQUESTS}, by route
 * family, method and status, with a latency histogram). The request is a server span of the
 * caller's trace or of a new one, exported when the node traces ({@link Tracing}); its id is the
 * {@code traceparent} answered and carried on with the request's writes. It rewrites a data path to
 * the one spelling the routes know ({@link #canonical}), answers {@code OPTIONS} (CORS preflight)
 * itself, and puts {@code X-Content-Type-Options: nosniff} and, for an origin {@link Cors} allows,
 * the CORS headers on every answer (docs/http-api.md).
 */
public final class RequestEdge implements Filter {

    /** The log context keys every line of a request carries (docs/operations.md names them). */
    private static final String LOG_CORRELATION_ID = "correlationId";
    private static final String LOG_INSTANCE = "instance";
    private static final String LOG_TRACE_ID = "traceId";

    private static final HeaderName TRACE_PARENT = HeaderNames.create(TraceParent.HEADER);

    /** The timer of every request the node answers. */
    public static final String REQUESTS = "http.server.requests";

    private static final HeaderName ORIGIN = HeaderNames.create("Origin");

    private final ApiSchema schema;
    private final InstanceRoutes routes;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    private final Cors cors;
    private final CorrelationHeader correlation;

    /** An edge that lets no browser origin call the API. */
    public RequestEdge(ApiSchema schema, InstanceRoutes routes, MeterRegistry metrics, Tracing tracing) {
        this(schema, routes, metrics, tracing, Cors.NONE, CorrelationHeader.DEFAULT);
    }

    public RequestEdge(ApiSchema schema, InstanceRoutes routes, MeterRegistry metrics, Tracing tracing, Cors cors, CorrelationHeader correlation) {
        this.schema = schema;
        this.routes = routes;
        this.metrics = metrics;
        this.tracing = tracing;
        this.cors = cors;
        this.correlation = correlation;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // The decoded, normalized path the routes match, never the raw one: dot segments, doubled or
        // encoded slashes must name the same instance and resource for the guard as for the services.
        String path = req.path().path();
        InstanceRoutes.Match route = routes.match(path);
        Area area = Area.of(path, route);
        Optional<DataPath> data = DataPath.parse(route.rest());
        Optional<ResourceSchema> resource = data.flatMap(named -> schema.findResource(named.project(), named.resource()));
        if (data.isPresent()) {
            data = Optional.of(canonical(req, route, data.get(), resource));
        }
        String method = req.prologue().method().text();
        long start = System.nanoTime();
        TraceSpan span = startSpan(req.headers(), method, area, data, resource);
        RequestContext context = new RequestContext(correlation.read(req.headers()), route, area, data, resource, Optional.empty(),
                span.traceParent());
        req.context().register(context);
        res.header(correlation.name(), context.correlationId());
        res.header(TRACE_PARENT, context.trace().toString());
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        Optional<String> allowedOrigin = cors.allow(req.headers().first(ORIGIN));
        allowedOrigin.ifPresent(origin -> {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, Cors.EXPOSED);
            res.header(HeaderNames.VARY, "Origin");
        });
        MDC.put(LOG_CORRELATION_ID, context.correlationId());
        MDC.put(LOG_TRACE_ID, context.trace().traceId());
        context.instance().ifPresent(instance -> {
            MDC.put(LOG_INSTANCE, instance.toString());
            span.attribute("dms.instance", instance.toString());
        });
        try {
            if (req.prologue().method().equals(Method.OPTIONS)) {
                preflight(req, res, allowedOrigin.isPresent());
            } else {
                chain.proceed();
            }
        } finally {
            int status = res.status().code();
            Timer.builder(REQUESTS)
                    .tag("family", area.label())
                    .tag("method", method)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            span.attribute("http.response.status_code", status);
            if (status >= 500) {
                span.failed(res.status().reasonPhrase());
            }
            span.close();
            MDC.remove(LOG_CORRELATION_ID);
            MDC.remove(LOG_INSTANCE);
            MDC.remove(LOG_TRACE_ID);
        }
    }

    /**
     * {@code OPTIONS}, a browser's CORS preflight, is answered here, before the access guard: it
     * carries no token. An origin the operator allows is told the methods and the headers it asked
     * for; any other gets no CORS header, so its browser will not send the request.
     */
    private static void preflight(RoutingRequest req, RoutingResponse res, boolean allowed) {
        if (allowed && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, Cors.METHODS);
            req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)
                    .ifPresent(headers -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers));
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, Cors.MAX_AGE);
        }
        res.header(HeaderNames.ALLOW, Cors.METHODS);
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * A data path as the routes know it: a trailing slash dropped, the project and resource spelled
     * as the ApiSchema spells them ({@code /data/Ed-Fi/SCHOOLS/} is {@code /data/ed-fi/schools}), as
     * the DMS matches them. The request is rewritten to it, so that every route, the Location of what
     * it creates and the metrics see the one spelling.
     */
    private static DataPath canonical(RoutingRequest req, InstanceRoutes.Match route, DataPath data, Optional<ResourceSchema> resource) {
        DataPath spelled = resource.map(r -> data.spelled(r.projectEndpoint(), r.endpointName())).orElse(data);
        String canonical = route.prefix() + spelled.path();
        if (!canonical.equals(req.prologue().uriPath().path())) {
            req.prologue(req.prologue().withUriPath(UriPath.createFromDecoded(canonical)));
        }
        return spelled;
    }

    /**
     * The request's server span: a child of the caller's {@code traceparent}, or the first of a new
     * trace. Named by method and route, by resource and never by id, so that a trace viewer groups
     * the requests of a resource. Probes and scrapes, every few seconds, are not traced: they would
     * bury the writes.
     */
    private TraceSpan startSpan(Headers headers, String method, Area area, Optional<DataPath> data, Optional<ResourceSchema> resource) {
        Optional<TraceParent> caller = headers.first(TRACE_PARENT).flatMap(TraceParent::parse);
        if (area == Area.HEALTH || area == Area.METRICS) {
            return Tracing.OFF.server(method, caller);
        }
        String route = resource.isPresent()
                ? data.orElseThrow().base() + (data.orElseThrow().readsChanges() ? "/" + data.orElseThrow().id().orElseThrow()
                        : data.orElseThrow().id().isPresent() ? "/{id}" : "")
                : area.label();
        TraceSpan span = tracing.server(method + " " + route, caller)
                .attribute("http.request.method", method);
        if (resource.isPresent()) {
            span.attribute("http.route", route);
        }
        return span;
    }
}
