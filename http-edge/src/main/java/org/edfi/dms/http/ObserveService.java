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
 * {@code /health} answers as the Ed-Fi DMS does ({@code status} {@code Healthy}, {@code Degraded}
 * or {@code Unhealthy}, and a {@code results} entry per part and per instance), keeps each part as
 * {@code UP} or {@code DOWN} under {@code checks} and each instance's state under {@code instances}.
 * It is a 503 while one of the node's own parts is down, for orchestrators and loaders that wait
 * for readiness; an instance that is not {@code ready} (still restoring, being purged, or failed)
 * makes the node Degraded, still 200, since the node serves the others and taking it out would
 * stop them too.
 */
public final class ObserveService implements HttpService {

    /** A named readiness check: true when its part is up. */
    public record HealthCheck(String name, Supplier<Boolean> up) {}

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** The state an instance has once it serves. */
    public static final String READY = "ready";

    private final List<HealthCheck> checks;
    private final Supplier<? extends Map<String, String>> instances;
    private final Supplier<String> scrape;

    /** @param scrape the node's metrics in the Prometheus text format */
    public ObserveService(List<HealthCheck> checks, Supplier<String> scrape) {
        this(checks, Map::of, scrape);
    }

    /** @param instances the state of each instance the node serves, by instance ({@link #READY} when it serves) */
    public ObserveService(List<HealthCheck> checks, Supplier<? extends Map<String, String>> instances, Supplier<String> scrape) {
        this.checks = List.copyOf(checks);
        this.instances = instances;
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
        Map<String, String> instanceStates = instances.get();
        boolean degraded = instanceStates.values().stream().anyMatch(state -> !READY.equals(state));
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.put("status", !up ? "Unhealthy" : degraded ? "Degraded" : "Healthy");
        ArrayNode results = body.putArray("results");
        states.forEach((name, state) -> results.addObject().put("name", name).put("status", state.equals("UP") ? "Healthy" : "Unhealthy")
                .putNull("description"));
        instanceStates.forEach((name, state) -> results.addObject().put("name", "instance " + name)
                .put("status", READY.equals(state) ? "Healthy" : "Degraded").put("description", state));
        body.set("checks", MessageCodec.MAPPER.valueToTree(states));
        body.set("instances", MessageCodec.MAPPER.valueToTree(instanceStates));
        Responses.json(res, up ? 200 : 503, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
        res.send(scrape.get().getBytes(StandardCharsets.UTF_8));
    }
}
