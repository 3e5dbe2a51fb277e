package org.edfi.dms.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
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
 * {@code traceparent} answered and carried on with the request's writes.
 */
public final class RequestEdge implements Filter {

    /** The log context keys every line of a request carries (docs/operations.md names them). */
    private static final String LOG_CORRELATION_ID = "correlationId";
    private static final String LOG_INSTANCE = "instance";
    private static final String LOG_TRACE_ID = "traceId";

    private static final HeaderName TRACE_PARENT = HeaderNames.create(TraceParent.HEADER);

    /** The timer of every request the node answers. */
    public static final String REQUESTS = "http.server.requests";

    private final ApiSchema schema;
    private final InstanceRoutes routes;
    private final MeterRegistry metrics;
    private final Tracing tracing;

    public RequestEdge(ApiSchema schema, InstanceRoutes routes, MeterRegistry metrics, Tracing tracing) {
        this.schema = schema;
        this.routes = routes;
        this.metrics = metrics;
        this.tracing = tracing;
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
        String method = req.prologue().method().text();
        long start = System.nanoTime();
        TraceSpan span = startSpan(req.headers(), method, area, data, resource);
        RequestContext context = new RequestContext(RequestContext.correlationId(req.headers()), route, area, data, resource, Optional.empty(),
                span.traceParent());
        req.context().register(context);
        res.header(RequestContext.CORRELATION_ID, context.correlationId());
        res.header(TRACE_PARENT, context.trace().toString());
        MDC.put(LOG_CORRELATION_ID, context.correlationId());
        MDC.put(LOG_TRACE_ID, context.trace().traceId());
        context.instance().ifPresent(instance -> {
            MDC.put(LOG_INSTANCE, instance.toString());
            span.attribute("dms.instance", instance.toString());
        });
        try {
            chain.proceed();
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
