package org.edfi.dms.query;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.http.DataPath;
import org.edfi.dms.http.RequestContext;
import org.edfi.dms.http.Requests;
import org.edfi.dms.http.Responses;

/**
 * The GET routes of the Ed-Fi API, declared in one place, under each instance route prefix
 * ({@link InstanceRoutes}); {@code /data/v3/...} is an alias. Change queries: a resource's
 * {@code /deletes} and {@code /keyChanges}, and {@link #AVAILABLE_CHANGE_VERSIONS}; cursor paging: a resource's
 * {@code /partitions}. Each instance has its own pipeline
 * over its own database, found by the instance the edge resolved; a node that does not read that
 * instance (yet) answers 404.
 */
public final class ReadService implements HttpService {

    /** The ODS/API's route of the instance's change versions, under each instance route prefix. */
    public static final String AVAILABLE_CHANGE_VERSIONS = "/changeQueries/v1/availableChangeVersions";

    private static final Answer NO_INSTANCE = Answer.of(Problem.notFound("No datastore instance matches this route."));

    private final InstanceRoutes routes;
    private final Function<InstanceId, Optional<ReadPipeline>> pipelines;

    public ReadService(InstanceRoutes routes, Function<InstanceId, Optional<ReadPipeline>> pipelines) {
        this.routes = routes;
        this.pipelines = pipelines;
    }

    @Override
    public void routing(HttpRules rules) {
        for (String instancePrefix : routes.prefixes()) {
            rules.get(instancePrefix + AVAILABLE_CHANGE_VERSIONS, (req, res) -> Responses.send(req, res,
                    pipeline(RequestContext.of(req)).map(p -> p.changes().availableChangeVersions()).orElse(NO_INSTANCE)));
            for (String data : new String[] {"/data/v3", "/data"}) {
                // The change query routes and partitions first: they would otherwise be read as ids.
                rules.get(instancePrefix + data + "/{project}/{resource}/" + DataPath.DELETES, (req, res) -> changes(req, res, ChangeQueries::deletes))
                        .get(instancePrefix + data + "/{project}/{resource}/" + DataPath.KEY_CHANGES,
                                (req, res) -> changes(req, res, ChangeQueries::keyChanges))
                        .get(instancePrefix + data + "/{project}/{resource}/" + DataPath.PARTITIONS, this::partitions)
                        .get(instancePrefix + data + "/{project}/{resource}", this::query)
                        .get(instancePrefix + data + "/{project}/{resource}/{id}", this::getById);
            }
        }
    }

    /** The change query of a resource's deletes or key changes. */
    private interface ChangeRead {
        Answer read(ChangeQueries changes, String project, String resource, Map<String, String> parameters, Caller caller, SnapshotRequest snapshot);
    }

    private void changes(ServerRequest req, ServerResponse res, ChangeRead read) {
        var path = req.path().pathParameters();
        RequestContext context = RequestContext.of(req);
        Map<String, String> parameters = parameters(req);
        Responses.send(req, res, pipeline(context)
                .map(p -> read.read(p.changes(), path.get("project"), path.get("resource"), parameters, context.caller().orElse(null), snapshot(req)))
                .orElse(NO_INSTANCE));
    }

    private static Map<String, String> parameters(ServerRequest req) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            parameters.put(name, req.query().get(name));
        }
        return parameters;
    }

    private void getById(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        RequestContext context = RequestContext.of(req);
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).map(Requests::unquote).orElse(null);
        Responses.send(req, res, pipeline(context)
                .map(p -> p.getById(path.get("project"), path.get("resource"), path.get("id"), ifNoneMatch, context.caller().orElse(null),
                        snapshot(req)))
                .orElse(NO_INSTANCE));
    }

    private void query(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        RequestContext context = RequestContext.of(req);
        Map<String, String> parameters = parameters(req);
        Responses.send(req, res, pipeline(context)
                .map(p -> p.query(path.get("project"), path.get("resource"), parameters, context.caller().orElse(null), snapshot(req)))
                .orElse(NO_INSTANCE));
    }

    private void partitions(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        RequestContext context = RequestContext.of(req);
        Map<String, String> parameters = parameters(req);
        Responses.send(req, res, pipeline(context)
                .map(p -> p.partitions(path.get("project"), path.get("resource"), parameters, context.caller().orElse(null), snapshot(req)))
                .orElse(NO_INSTANCE));
    }

    /** The request's snapshot headers (docs/paging.md#snapshots). */
    private static SnapshotRequest snapshot(ServerRequest req) {
        return new SnapshotRequest(req.headers().first(HeaderNames.create(SnapshotRequest.USE_SNAPSHOT)).orElse(null),
                req.headers().first(HeaderNames.create(SnapshotRequest.CHANGE_VERSION)).orElse(null));
    }

    private Optional<ReadPipeline> pipeline(RequestContext context) {
        return context.instance().flatMap(pipelines);
    }
}
