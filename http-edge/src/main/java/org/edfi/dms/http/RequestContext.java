package org.edfi.dms.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What the edge learns of a request once, before any service sees it ({@link RequestEdge}); the
 * services read it from the request's context instead of working it out again.
 *
 * @param correlationId the caller's correlation id ({@link CorrelationHeader}), or one made up for
 *     this request; echoed on the answer and in every problem body
 * @param route what the path names: whether it starts with an instance prefix, the instance, the
 *     path after the prefix
 * @param area which part of the API the path is for
 * @param data the data path after the prefix ({@code /data[/v3]/{project}/{resource}[/{id}]}),
 *     when the request is one
 * @param resource the resource the data path names, when the ApiSchema has it
 * @param caller the API client as its token says, once the access filter has authenticated it;
 *     empty on open paths
 * @param trace this request's span of the caller's trace (its {@code traceparent}), or of a new one;
 *     answered in {@code traceparent} and carried on with its writes
 */
public record RequestContext(String correlationId, InstanceRoutes.Match route, Area area, Optional<DataPath> data,
        Optional<ResourceSchema> resource, Optional<Caller> caller, TraceParent trace) {


    /** The context the edge registered on {@code req}. */
    public static RequestContext of(ServerRequest req) {
        return req.context().get(RequestContext.class)
                .orElseThrow(() -> new IllegalStateException("No request context: the RequestEdge filter is not registered"));
    }

    /** The instance the route names, when it names one that exists. */
    public Optional<InstanceId> instance() {
        return route.instance();
    }

    /** This context once the access filter has authenticated {@code client}. */
    public RequestContext authenticated(Caller client) {
        return new RequestContext(correlationId, route, area, data, resource, Optional.of(client), trace);
    }

}
