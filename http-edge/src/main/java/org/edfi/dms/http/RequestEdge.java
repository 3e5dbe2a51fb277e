package org.edfi.dms.http;

import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import org.edfi.dms.messages.InstanceRoutes;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.slf4j.MDC;

/**
 * The first filter every request meets: it resolves the request's {@link RequestContext}
 * (correlation id, instance, resource) once, registers it for the filters and services after it,
 * echoes the correlation id on the answer, and puts the correlation id and instance on the log
 * lines written while the request is served.
 */
public final class RequestEdge implements Filter {

    /** The log context keys every line of a request carries. */
    public static final String LOG_CORRELATION_ID = "correlationId";
    public static final String LOG_INSTANCE = "instance";

    private final ApiSchema schema;
    private final InstanceRoutes routes;

    public RequestEdge(ApiSchema schema, InstanceRoutes routes) {
        this.schema = schema;
        this.routes = routes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // The decoded, normalized path the routes match, never the raw one: dot segments, doubled or
        // encoded slashes must name the same instance and resource for the guard as for the services.
        RequestContext context = resolve(req.headers(), req.path().path());
        req.context().register(context);
        res.header(RequestContext.CORRELATION_ID, context.correlationId());
        MDC.put(LOG_CORRELATION_ID, context.correlationId());
        context.instance().ifPresent(instance -> MDC.put(LOG_INSTANCE, instance.toString()));
        try {
            chain.proceed();
        } finally {
            MDC.remove(LOG_CORRELATION_ID);
            MDC.remove(LOG_INSTANCE);
        }
    }

    private RequestContext resolve(Headers headers, String path) {
        InstanceRoutes.Match route = routes.match(path);
        Optional<DataPath> data = DataPath.parse(route.rest());
        Optional<ResourceSchema> resource = data.flatMap(named -> schema.findResource(named.project(), named.resource()));
        return new RequestContext(RequestContext.correlationId(headers), route, data, resource, Optional.empty());
    }
}
