package org.edfi.dms.query;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.edfi.dms.messages.Caller;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceRoutes;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.problem.Problem;

/**
 * The GET routes of the Ed-Fi API, declared in one place, under each instance route prefix
 * ({@link InstanceRoutes}); {@code /data/v3/...} is an alias. Each instance has its own pipeline
 * over its own database; a path that names no instance answers 404.
 */
public final class ReadService implements HttpService {

    private final InstanceRoutes routes;
    private final Function<InstanceId, Optional<ReadPipeline>> pipelines;

    public ReadService(InstanceRoutes routes, Function<InstanceId, Optional<ReadPipeline>> pipelines) {
        this.routes = routes;
        this.pipelines = pipelines;
    }

    @Override
    public void routing(HttpRules rules) {
        for (String instancePrefix : routes.prefixes()) {
            for (String data : new String[] {"/data/v3", "/data"}) {
                rules.get(instancePrefix + data + "/{project}/{resource}", this::query)
                        .get(instancePrefix + data + "/{project}/{resource}/{id}", this::getById);
            }
        }
    }

    private void getById(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).map(ReadService::unquote).orElse(null);
        String correlationId = correlationId(req);
        send(res, pipeline(req).map(p -> p.getById(path.get("project"), path.get("resource"), path.get("id"), ifNoneMatch, correlationId,
                        req.context().get(Caller.class).orElse(null)))
                .orElseGet(() -> noInstance(correlationId)));
    }

    private void query(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            parameters.put(name, req.query().get(name));
        }
        String correlationId = correlationId(req);
        send(res, pipeline(req).map(p -> p.query(path.get("project"), path.get("resource"), parameters, correlationId,
                        req.context().get(Caller.class).orElse(null)))
                .orElseGet(() -> noInstance(correlationId)));
    }

    private Optional<ReadPipeline> pipeline(ServerRequest req) {
        var path = req.path().pathParameters();
        return routes.resolve(name -> path.contains(name) ? Optional.of(path.get(name)) : Optional.empty()).flatMap(pipelines);
    }

    private static ReadPipeline.Answer noInstance(String correlationId) {
        return new ReadPipeline.Answer(404, Map.of(), null,
                Problem.notFound("No datastore instance matches this route.").withCorrelationId(correlationId));
    }

    private static void send(ServerResponse res, ReadPipeline.Answer answer) {
        res.status(Status.create(answer.status()));
        answer.headers().forEach(res::header);
        if (answer.problem() != null) {
            res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
            res.send(MessageCodec.encode(answer.problem()));
        } else if (answer.body() != null) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(ReadPipeline.utf8(answer.body()));
        } else {
            res.send();
        }
    }

    private static String correlationId(ServerRequest req) {
        return req.headers().first(HeaderNames.create("correlation-id")).orElseGet(() -> UUID.randomUUID().toString());
    }

    private static String unquote(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
