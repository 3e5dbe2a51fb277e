package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Documents over the Ed-Fi API: {@code POST {base}/data/{project}/{resource}}. With client
 * credentials it first takes a bearer token from {@code {base}/oauth/token} (client credentials
 * grant, HTTP Basic), as every Ed-Fi API offers, so it can load any Ed-Fi API, not only this one.
 */
public final class HttpTransport implements Transport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Optional<String> authorization;

    /** Connects to the API first (its discovery document at {@code base/}), so an unreachable API stops the load before it starts. */
    public HttpTransport(String baseUrl, Optional<String> clientId, Optional<String> clientSecret) throws IOException, InterruptedException {
        this.base = baseUrl.replaceAll("/+$", "");
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IOException("cannot reach the Ed-Fi API at " + base + " (" + e.getClass().getSimpleName() + "): is it running?", e);
        }
        this.authorization = clientId.isPresent() ? Optional.of("Bearer " + token(clientId.get(), clientSecret.orElse(""))) : Optional.empty();
    }

    private String token(String clientId, String clientSecret) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + URLEncoder.encode("client_credentials", StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() == 200 ? MessageCodec.MAPPER.readTree(response.body()) : null;
        if (body == null || !body.hasNonNull("access_token")) {
            throw new IOException("no token from " + base + "/oauth/token: " + response.statusCode() + " " + response.body());
        }
        return body.get("access_token").asText();
    }

    @Override
    public Outcome upsert(ResourceSchema resource, ObjectNode document) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/data/" + resource.projectEndpoint() + "/" + resource.endpointName()))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MessageCodec.encode(document)));
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode problem = response.statusCode() >= 300 && !response.body().isBlank() ? MessageCodec.MAPPER.readTree(response.body()) : null;
            return new Outcome(response.statusCode(), problem);
        } catch (IOException e) {
            return new Outcome(0, MessageCodec.MAPPER.createObjectNode().put("detail", "no answer from " + base + ": " + e.getMessage()));
        }
    }

    @Override
    public String describe() {
        return base + " (HTTP)";
    }

    @Override
    public void close() {
        http.close();
    }
}
