package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.ClientCredentials;
import org.edfi.dms.security.ConfiguredClients;

/**
 * The admin API of a running server (docs/instances.md, docs/security.md), for the
 * {@link AdminCommand}s: JSON in and out, signed in the way {@code dms load} signs in.
 */
final class AdminClient {

    /** What the server answered: its status and JSON body (null when it sent none). */
    record Response(int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String base;
    private final WebClient http;
    private final Optional<String> authorization;

    private AdminClient(String base, WebClient http, Optional<String> authorization) {
        this.base = base;
        this.http = http;
        this.authorization = authorization;
    }

    /** A client of the server at the target, signed in with its credentials, else those of {@code fallback} when there are some. */
    static AdminClient connect(ServerOptions target, Supplier<Optional<ConfiguredClients.Credentials>> fallback) throws IOException {
        String base = target.url.replaceAll("/+$", "");
        // Provisioning creates a database, topics and a connector: minutes on a busy server are possible.
        WebClient http = WebClient.builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofMinutes(5)).build();
        Optional<String> authorization = Optional.empty();
        if (target.clientId.isPresent()) {
            authorization = Optional.of("Bearer " + ClientCredentials.token(http, base, target.clientId.get(), target.clientSecret.orElse("")));
        } else {
            Optional<ConfiguredClients.Credentials> client = fallback.get();
            if (client.isPresent()) {
                authorization = Optional.of("Bearer " + ClientCredentials.token(http, base, client.get().clientId(), client.get().clientSecret()));
            }
        }
        return new AdminClient(base, http, authorization);
    }

    Response get(String path) throws IOException {
        return exchange(Method.GET, path, Map.of(), null);
    }

    /** A GET with query parameters, which the client encodes. */
    Response get(String path, Map<String, String> query) throws IOException {
        return exchange(Method.GET, path, query, null);
    }

    Response post(String path, JsonNode body) throws IOException {
        return exchange(Method.POST, path, Map.of(), body);
    }

    /** A POST of a body that is not JSON (a profile's XML). */
    Response post(String path, byte[] body, String contentType) throws IOException {
        return exchange(Method.POST, path, Map.of(), body, contentType);
    }

    Response put(String path, JsonNode body) throws IOException {
        return exchange(Method.PUT, path, Map.of(), body);
    }

    Response delete(String path) throws IOException {
        return exchange(Method.DELETE, path, Map.of(), null);
    }

    private Response exchange(Method method, String path, Map<String, String> query, JsonNode body) throws IOException {
        return exchange(method, path, query, body == null ? null : MessageCodec.encode(body), "application/json");
    }

    private Response exchange(Method method, String path, Map<String, String> query, byte[] body, String contentType) throws IOException {
        HttpClientRequest request = http.method(method).uri(base + path);
        query.forEach(request::queryParam);
        authorization.ifPresent(value -> request.header(HeaderNames.AUTHORIZATION, value));
        try (HttpClientResponse response = body == null
                ? request.request()
                : request.header(HeaderNames.CONTENT_TYPE, contentType).submit(body)) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            return new Response(response.status().code(), text.isBlank() ? null : readJson(text));
        } catch (RuntimeException e) {
            throw new IOException("cannot reach the server at " + base + " (" + ClientCredentials.rootCause(e) + "): is it running?", e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return MessageCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            return MessageCodec.MAPPER.createObjectNode().put("detail", text.strip());
        }
    }

    /** A refusal as lines: status and detail, then each error and validation error (path: message). */
    static void printProblem(String command, Response response, PrintStream err) {
        JsonNode body = response.body();
        String detail = body == null ? "" : body.path("detail").asText("");
        err.println(command + ": the server answered " + response.status() + (detail.isEmpty() ? "" : ": " + detail));
        if (body == null) {
            return;
        }
        body.path("errors").forEach(error -> err.println("  " + error.asText()));
        for (Map.Entry<String, JsonNode> entry : body.path("validationErrors").properties()) {
            entry.getValue().forEach(message -> err.println("  " + entry.getKey() + ": " + message.asText()));
        }
    }
}
