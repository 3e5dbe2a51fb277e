package org.edfi.dms.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.edfi.dms.contracts.MessageCodec;

/**
 * What an operator's tools read from every node, whatever its roles: {@code /health} and
 * {@code /metrics} in the Prometheus text format. Both are open, as health is in the ODS/API.
 * {@code /health} answers as the Ed-Fi DMS does ({@code status} {@code Healthy} or
 * {@code Unhealthy}, and a {@code results} entry per part with its name and status), keeps each
 * part as {@code UP} or {@code DOWN} under {@code checks}, and is a 503 while a part is down, for
 * loaders and orchestrators that wait for readiness.
 */
public final class ObserveService implements HttpService {

    /** A named readiness check: true when its part is up. */
    public record HealthCheck(String name, Supplier<Boolean> up) {}

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final List<HealthCheck> checks;
    private final Supplier<String> scrape;

    /** @param scrape the node's metrics in the Prometheus text format */
    public ObserveService(List<HealthCheck> checks, Supplier<String> scrape) {
        this.checks = List.copyOf(checks);
        this.scrape = scrape;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health).get("/metrics", this::metrics);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Map<String, String> states = new LinkedHashMap<>();
        boolean up = true;
        for (HealthCheck check : checks) {
            boolean ok;
            try {
                ok = check.up().get();
            } catch (RuntimeException e) {
                ok = false;
            }
            states.put(check.name(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.put("status", up ? "Healthy" : "Unhealthy");
        ArrayNode results = body.putArray("results");
        states.forEach((name, state) -> results.addObject().put("name", name).put("status", state.equals("UP") ? "Healthy" : "Unhealthy")
                .putNull("description"));
        body.set("checks", MessageCodec.MAPPER.valueToTree(states));
        Responses.json(res, up ? 200 : 503, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
        res.send(scrape.get().getBytes(StandardCharsets.UTF_8));
    }
}
