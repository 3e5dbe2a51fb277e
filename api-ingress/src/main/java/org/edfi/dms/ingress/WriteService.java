package org.edfi.dms.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.http.RequestContext;
import org.edfi.dms.http.Requests;
import org.edfi.dms.http.Responses;

/**
 * The write routes of the Ed-Fi API, declared in one place, under each instance route prefix
 * ({@link InstanceRoutes}). The ODS/API's {@code /data/v3/...} form is an alias. Other methods on a
 * write path answer 405 with the allowed ones; a body declared as anything but JSON in UTF-8, 415.
 * The edge has resolved the instance (a data request reaches a service only with one) and the
 * caller before a handler runs.
 */
public final class WriteService implements HttpService {

    private final WritePipeline pipeline;
    private final InstanceRoutes routes;
    private final List<Method> collectionMethods;
    private final List<Method> itemMethods;

    /**
     * @param readsServedAlongside whether GET routes are registered beside these (the api role),
     *     which the Allow header of a 405 then names
     */
    public WriteService(WritePipeline pipeline, InstanceRoutes routes, boolean readsServedAlongside) {
        this.pipeline = pipeline;
        this.routes = routes;
        this.collectionMethods = readsServedAlongside ? List.of(Method.GET, Method.POST) : List.of(Method.POST);
        this.itemMethods = readsServedAlongside ? List.of(Method.GET, Method.PUT, Method.DELETE) : List.of(Method.PUT, Method.DELETE);
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
                .delete(prefix + "/{project}/{resource}/{id}", (req, res) -> write(req, res, pipeline::delete));
        Responses.notAllowed(rules, prefix + "/{project}/{resource}", collectionMethods);
        Responses.notAllowed(rules, prefix + "/{project}/{resource}/{id}", itemMethods);
    }

    private void write(ServerRequest req, ServerResponse res, Function<WriteRequest, Answer> operation) {
        RequestContext context = RequestContext.of(req);
        if (context.data().orElseThrow().readsOnly()) {
            Responses.methodNotAllowed(req, res, List.of(Method.GET)); // deletes, key changes, partitions: not documents
            return;
        }
        Optional<String> contentType = req.headers().first(HeaderNames.CONTENT_TYPE).filter(v -> !v.isBlank());
        if (contentType.isPresent() && !req.prologue().method().equals(Method.DELETE) && !isJson(contentType.get())) {
            Responses.problem(req, res, Problem.unsupportedMediaType());
            return;
        }
        var path = req.path().pathParameters();
        String basePath = context.route().prefix() + context.data().orElseThrow().base();
        WriteRequest request = new WriteRequest(context.instance().orElseThrow(), basePath, path.get("project"), path.get("resource"),
                path.contains("id") ? path.get("id") : null, Requests.body(req),
                req.headers().first(HeaderNames.IF_MATCH).map(Requests::unquote).orElse(null),
                req.headers().first(HeaderNames.IF_NONE_MATCH).map(Requests::unquote).orElse(null), context.caller().orElse(null),
                context.trace());
        Responses.send(req, res, operation.apply(request));
    }

    /**
     * Whether a Content-Type declares JSON in UTF-8: {@code application/json}, {@code text/json} (as
     * the DMS accepts it) or any {@code application/...+json}, with no charset or a UTF-8 one. A body without a Content-Type is
     * read as JSON too, as many scripts send it.
     */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
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
}
