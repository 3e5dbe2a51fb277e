package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Documents over the Ed-Fi API: {@code POST {base}/data/{project}/{resource}}. With client
 * credentials it first takes a bearer token from {@code {base}/oauth/token} (client credentials
 * grant, HTTP Basic), as every Ed-Fi API offers, so it can load any Ed-Fi API, not only this one,
 * and takes another before that one expires.
 *
 * <p>Helidon's blocking WebClient: each call runs on the loader's own virtual thread over a pooled
 * keep-alive connection. The JDK's HttpClient hands every exchange to a selector thread and a worker
 * pool, which on two cores cost as much CPU as the server it was loading.
 */
public final class HttpTransport implements Transport {

    private final String base;
    private final WebClient http;
    private final Optional<BearerToken> token;

    /** Connects to the API first (its discovery document at {@code base/}), so an unreachable API stops the load before it starts. */
    public HttpTransport(String baseUrl, Optional<String> clientId, Optional<String> clientSecret) throws IOException {
        this.base = baseUrl.replaceAll("/+$", "");
        this.http = WebClient.builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)).build();
        try (HttpClientResponse discovery = http.get(base + "/").request()) {
            discovery.entity().consume();
        } catch (RuntimeException e) {
            throw new IOException("cannot reach the Ed-Fi API at " + base + " (" + ClientCredentials.rootCause(e) + "): is it running?", e);
        }
        this.token = clientId.isPresent() ? Optional.of(BearerToken.of(http, base, clientId.get(), clientSecret.orElse(""))) : Optional.empty();
    }

    @Override
    public Outcome upsert(ResourceSchema resource, ObjectNode document) {
        var request = http.post(base + "/data/" + resource.projectEndpoint() + "/" + resource.endpointName())
                .header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            if (token.isPresent()) {
                request.header(HeaderNames.AUTHORIZATION, token.get().header());
            }
        } catch (IOException e) {
            return new Outcome(0, MessageCodec.MAPPER.createObjectNode().put("detail", e.getMessage()));
        }
        try (HttpClientResponse response = request.submit(MessageCodec.encode(document))) {
            int status = response.status().code();
            if (status < 300) {
                response.entity().consume();
                return new Outcome(status, null);
            }
            String body = response.as(String.class);
            return new Outcome(status, body.isBlank() ? null : MessageCodec.MAPPER.readTree(body));
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, MessageCodec.MAPPER.createObjectNode().put("detail", "no answer from " + base + ": " + ClientCredentials.rootCause(e)));
        }
    }

    @Override
    public String describe() {
        return base + " (HTTP)";
    }

    @Override
    public void close() {
        // The client's pooled connections close with the JVM's; WebClient has no close of its own.
    }
}
