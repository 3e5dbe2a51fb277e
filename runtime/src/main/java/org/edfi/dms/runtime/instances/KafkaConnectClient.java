package org.edfi.dms.runtime.instances;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.instances.InstanceOperationException;
import org.edfi.dms.runtime.CdcConnectors;

/**
 * An instance's CDC connector through Kafka Connect's REST API, the same calls for the embedded
 * worker and a real Connect cluster. Each call is safe to repeat: a PUT of the config creates or
 * updates, and removing a connector that is gone does nothing.
 */
public final class KafkaConnectClient {

    private final String url;
    private final Optional<String> postgresPassword;
    private final WebClient http;

    /** A client whose connectors carry the PostgreSQL password itself. */
    public KafkaConnectClient(String url) {
        this(url, Optional.empty());
    }

    /**
     * @param postgresPassword what the connectors it registers say in the PostgreSQL password's
     *     place: a config provider reference the workers resolve ({@code ${env:POSTGRES_PASSWORD}}),
     *     so that no password is in a connector's configuration; empty: the password itself
     */
    public KafkaConnectClient(String url, Optional<String> postgresPassword) {
        this.url = url.replaceAll("/+$", "");
        this.postgresPassword = postgresPassword;
        this.http = WebClient.builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)).build();
    }

    /** The reference the connectors carry in the PostgreSQL password's place, when they carry one. */
    public Optional<String> postgresPassword() {
        return postgresPassword;
    }

    public String url() {
        return url;
    }

    /**
     * Creates or updates the connector ({@code PUT /connectors/{name}/config}) and waits until it
     * and its task run, so that every change committed from then on is captured.
     *
     * @return true when it was created, false when it existed and was updated
     */
    public boolean register(CdcConnector connector, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String config = MessageCodec.encodeToString(CdcConnectors.config(connector));
        int status;
        while (true) {
            try (HttpClientResponse response = http.put(connectorPath(connector) + "/config").header(HeaderValues.CONTENT_TYPE_JSON).submit(config)) {
                status = response.status().code();
                String body = text(response);
                if (status / 100 == 2) {
                    break;
                }
                // A worker still starting answers 404 (its REST server listens before its resources
                // exist) or 409/503 (rebalancing): wait for it. Anything else is a refusal.
                if (status != 404 && status != 409 && status != 503) {
                    throw new InstanceOperationException("Kafka Connect at " + url + " refused connector " + connector.name() + ": " + status + " " + body);
                }
            } catch (InstanceOperationException e) {
                throw e;
            } catch (RuntimeException e) {
                // Not listening yet: a worker starting beside us. Give up only at the deadline.
                if (System.nanoTime() > deadline) {
                    throw unreachable(e);
                }
            }
            pauseUntil(deadline, connector, "register");
        }
        awaitRunning(connector, deadline);
        return status == 201;
    }

    /**
     * Removes the connector and the source offsets Connect keeps for it, so that a connector of the
     * same name starts afresh: stop it ({@code PUT .../stop}), reset its offsets
     * ({@code DELETE .../offsets}, KIP-875, which needs it stopped), then delete it.
     */
    public void remove(CdcConnector connector, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!exists(connector, deadline)) {
            return;
        }
        call("stop", http.put(connectorPath(connector) + "/stop").request());
        while (!"STOPPED".equals(state(connector))) {
            pauseUntil(deadline, connector, "stop");
        }
        call("reset the offsets of", http.delete(connectorPath(connector) + "/offsets").request());
        call("delete", http.delete(connectorPath(connector)).request());
    }

    /**
     * Whether the workers hold the connector, by the list of connectors. Not by a 404 for the
     * connector itself: a worker that has just started answers 404 to every path until its REST
     * resources exist, and the connector it has yet to read from the config topic would be taken for
     * gone, its offsets kept, and a connector made again later would resume from them (the fault
     * harness found a purged instance's CDC failing so after Connect was killed). The list answers
     * only once the worker has caught up with the config topic; until then, or while Connect does
     * not answer (restarting), it is asked again until the deadline.
     */
    private boolean exists(CdcConnector connector, long deadline) {
        while (true) {
            try (HttpClientResponse response = http.get(url + "/connectors").request()) {
                String body = text(response);
                if (response.status().code() == 200) {
                    for (JsonNode name : MessageCodec.MAPPER.readTree(body)) {
                        if (name.asText().equals(connector.name())) {
                            return true;
                        }
                    }
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw unreachable(e);
                }
            }
            pauseUntil(deadline, connector, "get listed by Kafka Connect");
        }
    }

    private void call(String what, HttpClientResponse response) {
        try (response) {
            String body = text(response);
            if (response.status().code() / 100 != 2 && response.status().code() != 404) {
                throw new InstanceOperationException("Kafka Connect at " + url + " could not " + what + " a connector: "
                        + response.status().code() + " " + body);
            }
        }
    }

    private void awaitRunning(CdcConnector connector, long deadline) {
        while (true) {
            JsonNode status = status(connector);
            if (status != null) {
                String state = status.path("connector").path("state").asText();
                JsonNode tasks = status.path("tasks");
                boolean failed = state.equals("FAILED");
                boolean running = state.equals("RUNNING") && !tasks.isEmpty();
                for (JsonNode task : tasks) {
                    failed |= task.path("state").asText().equals("FAILED");
                    running &= task.path("state").asText().equals("RUNNING");
                }
                if (failed) {
                    throw new InstanceOperationException("Connector " + connector.name() + " failed: " + status);
                }
                if (running) {
                    return;
                }
            }
            pauseUntil(deadline, connector, "run");
        }
    }

    private String state(CdcConnector connector) {
        JsonNode status = status(connector);
        return status == null ? "" : status.path("connector").path("state").asText();
    }

    private JsonNode status(CdcConnector connector) {
        try (HttpClientResponse response = http.get(connectorPath(connector) + "/status").request()) {
            String body = text(response);
            return response.status().code() == 200 ? MessageCodec.MAPPER.readTree(body) : null;
        } catch (IOException | RuntimeException e) {
            throw unreachable(e);
        }
    }

    private static void pauseUntil(long deadline, CdcConnector connector, String what) {
        if (System.nanoTime() > deadline) {
            throw new InstanceOperationException("Connector " + connector.name() + " did not " + what + " in time");
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceOperationException("Interrupted while waiting for connector " + connector.name() + " to " + what);
        }
    }

    /** The body as text; a 204 has none. */
    private static String text(HttpClientResponse response) {
        return response.entity().hasEntity() ? response.as(String.class) : "";
    }

    private String connectorPath(CdcConnector connector) {
        return url + "/connectors/" + URLEncoder.encode(connector.name(), StandardCharsets.UTF_8);
    }

    private InstanceOperationException unreachable(Exception e) {
        return e instanceof InstanceOperationException known ? known
                : new InstanceOperationException("Kafka Connect at " + url + " did not answer: " + e.getMessage());
    }
}
