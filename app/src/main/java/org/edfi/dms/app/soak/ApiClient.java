package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;

/**
 * A client of the API node, signed in as one client (client credentials, a new token when the old
 * one is refused). One attempt per call: what to do with a failure is the caller's.
 */
final class ApiClient {

    /** What the API answered: status 0 when no answer came (the connection failed or timed out). */
    record Answer(int status, String body, Optional<String> location) {

        boolean acknowledged() {
            return status / 100 == 2;
        }

        boolean noAnswer() {
            return status == 0;
        }

        /** The document id at the end of the Location of a 201. */
        Optional<String> documentId() {
            return location.map(l -> l.substring(l.lastIndexOf('/') + 1));
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;

    ApiClient(String base, String clientId, String clientSecret) {
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** One request with a JSON body (or none); a refused token is renewed once. */
    Answer send(String method, String path, String body) throws InterruptedException {
        try {
            if (token == null) {
                token = token();
            }
            Answer answer = exchange(method, path, body);
            if (answer.status() == 401) {
                token = token();
                answer = exchange(method, path, body);
            }
            return answer;
        } catch (IOException e) {
            return new Answer(0, String.valueOf(e), Optional.empty());
        }
    }

    private Answer exchange(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Location"));
    }

    private String token() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("no token: " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = MessageCodec.MAPPER.readTree(response.body());
        return answer.path("access_token").asText();
    }
}
