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
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.slf4j.MDC;

/**
 * The first filter every request meets: it resolves the request's {@link RequestContext}
 * (correlation id, instance, resource) once, registers it for the filters and services after it,
 * echoes the correlation id and the request's {@code traceparent} on the answer, puts the
 * correlation id, trace id and instance on the log lines
 * written while the request is served, and times the request ({@value #REQUESTS}, by route
 * family, method and status, with a latency histogram).
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

    public RequestEdge(ApiSchema schema, InstanceRoutes routes, MeterRegistry metrics) {
        this.schema = schema;
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // The decoded, normalized path the routes match, never the raw one: dot segments, doubled or
        // encoded slashes must name the same instance and resource for the guard as for the services.
        RequestContext context = resolve(req.headers(), req.path().path());
        req.context().register(context);
        res.header(RequestContext.CORRELATION_ID, context.correlationId());
        res.header(TRACE_PARENT, context.trace().toString());
        MDC.put(LOG_CORRELATION_ID, context.correlationId());
        MDC.put(LOG_TRACE_ID, context.trace().traceId());
        context.instance().ifPresent(instance -> MDC.put(LOG_INSTANCE, instance.toString()));
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            Timer.builder(REQUESTS)
                    .tag("family", context.area().label())
                    .tag("method", req.prologue().method().text())
                    .tag("status", Integer.toString(res.status().code()))
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            MDC.remove(LOG_CORRELATION_ID);
            MDC.remove(LOG_INSTANCE);
            MDC.remove(LOG_TRACE_ID);
        }
    }

    private RequestContext resolve(Headers headers, String path) {
        InstanceRoutes.Match route = routes.match(path);
        Optional<DataPath> data = DataPath.parse(route.rest());
        Optional<ResourceSchema> resource = data.flatMap(named -> schema.findResource(named.project(), named.resource()));
        // A span of the caller's trace, or the first of a new one.
        TraceParent trace = headers.first(TRACE_PARENT).flatMap(TraceParent::parse).map(TraceParent::next).orElseGet(TraceParent::begin);
        return new RequestContext(RequestContext.correlationId(headers), route, Area.of(path, route), data, resource, Optional.empty(), trace);
    }
}
