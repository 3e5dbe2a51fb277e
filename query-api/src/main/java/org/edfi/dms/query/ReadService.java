package org.edfi.dms.query;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.messages.MessageCodec;

/** The GET routes of the Ed-Fi API, declared in one place; {@code /data/v3/...} is an alias. */
public final class ReadService implements HttpService {

    private final ReadPipeline pipeline;

    public ReadService(ReadPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void routing(HttpRules rules) {
        for (String prefix : new String[] {"/data/v3", "/data"}) {
            rules.get(prefix + "/{project}/{resource}", this::query)
                    .get(prefix + "/{project}/{resource}/{id}", this::getById);
        }
    }

    private void getById(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).map(ReadService::unquote).orElse(null);
        send(res, pipeline.getById(path.get("project"), path.get("resource"), path.get("id"), ifNoneMatch, correlationId(req)));
    }

    private void query(ServerRequest req, ServerResponse res) {
        var path = req.path().pathParameters();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            parameters.put(name, req.query().get(name));
        }
        send(res, pipeline.query(path.get("project"), path.get("resource"), parameters, correlationId(req)));
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
