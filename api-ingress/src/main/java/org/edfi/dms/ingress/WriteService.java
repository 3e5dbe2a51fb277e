package org.edfi.dms.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.messages.Caller;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceRoutes;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.problem.Problem;

/**
 * The write routes of the Ed-Fi API, declared in one place, under each instance route prefix
 * ({@link InstanceRoutes}). The ODS/API's {@code /data/v3/...} form is an alias. Other methods on a
 * write path answer 405 with the allowed ones; a path that names no instance, 404; a body declared
 * as anything but JSON in UTF-8, 415.
 */
public final class WriteService implements HttpService {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final WritePipeline pipeline;
    private final InstanceRoutes routes;
    private final String collectionMethods;
    private final String itemMethods;

    /**
     * @param readsServedAlongside whether GET routes are registered beside these (the api role),
     *     which the Allow header of a 405 then names
     */
    public WriteService(WritePipeline pipeline, InstanceRoutes routes, boolean readsServedAlongside) {
        this.pipeline = pipeline;
        this.routes = routes;
        this.collectionMethods = readsServedAlongside ? "GET, POST" : "POST";
        this.itemMethods = readsServedAlongside ? "GET, PUT, DELETE" : "PUT, DELETE";
    }

    @Override
    public void routing(HttpRules rules) {
        for (String instancePrefix : routes.prefixes()) {
            for (String data : new String[] {"/data/v3", "/data"}) {
                routing(rules, instancePrefix + data);
            }
        }
    }

    private void routing(HttpRules rules, String prefix) {
        rules.post(prefix + "/{project}/{resource}", (req, res) -> write(req, res, pipeline::upsert))
                .put(prefix + "/{project}/{resource}/{id}", (req, res) -> write(req, res, pipeline::update))
                .delete(prefix + "/{project}/{resource}/{id}", (req, res) -> write(req, res, pipeline::delete))
                .route(m -> !m.equals(Method.GET), PathMatchers.create(prefix + "/{project}/{resource}"),
                        (req, res) -> methodNotAllowed(res, collectionMethods))
                .route(m -> !m.equals(Method.GET), PathMatchers.create(prefix + "/{project}/{resource}/{id}"),
                        (req, res) -> methodNotAllowed(res, itemMethods));
    }

    private interface Operation {
        Answer apply(WriteRequest request);
    }

    private void write(ServerRequest req, ServerResponse res, Operation operation) {
        var path = req.path().pathParameters();
        String correlationId = firstHeader(req, "correlation-id").or(() -> firstHeader(req, "X-Correlation-Id"))
                .orElseGet(() -> UUID.randomUUID().toString());
        Optional<InstanceId> instance = routes.resolve(name -> path.contains(name) ? Optional.of(path.get(name)) : Optional.empty());
        if (instance.isEmpty()) {
            req.content().consume();
            send(res, Answer.of(Problem.notFound("No datastore instance matches this route.").withCorrelationId(correlationId)));
            return;
        }
        Optional<String> contentType = firstHeader(req, "Content-Type");
        if (contentType.isPresent() && !req.prologue().method().equals(Method.DELETE) && !isJson(contentType.get())) {
            req.content().consume();
            String shown = contentType.get().length() > 100 ? contentType.get().substring(0, 100) + "..." : contentType.get();
            send(res, Answer.of(Problem.unsupportedMediaType(shown).withCorrelationId(correlationId)));
            return;
        }
        String id = path.contains("id") ? path.get("id") : null;
        String rawPath = req.path().rawPath();
        String basePath = id == null ? rawPath.replaceAll("/+$", "") : rawPath.substring(0, rawPath.lastIndexOf('/'));
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        WriteRequest request = new WriteRequest(instance.get(), basePath, path.get("project"), path.get("resource"), id, body,
                firstHeader(req, "If-Match").map(WriteService::unquote).orElse(null), correlationId, req.context().get(Caller.class).orElse(null));
        send(res, operation.apply(request));
    }

    private static void send(ServerResponse res, Answer answer) {
        res.status(Status.create(answer.status()));
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            res.header(header.getKey(), header.getValue());
        }
        if (answer.problem() != null) {
            res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
            res.send(MessageCodec.encode(answer.problem()));
        } else {
            res.send();
        }
    }

    private static void methodNotAllowed(ServerResponse res, String allowed) {
        res.header(HeaderNames.ALLOW, allowed);
        send(res, Answer.of(Problem.methodNotAllowed()));
    }

    private static Optional<String> firstHeader(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name)).filter(v -> !v.isBlank());
    }

    /**
     * Whether a Content-Type declares JSON in UTF-8: {@code application/json} or any
     * {@code application/...+json}, with no charset or a UTF-8 one. A body without a Content-Type is
     * read as JSON too, as many scripts send it.
     */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An ETag as sent back: {@code "123"} or {@code W/"123"} to {@code 123}. */
    static String unquote(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }
}
