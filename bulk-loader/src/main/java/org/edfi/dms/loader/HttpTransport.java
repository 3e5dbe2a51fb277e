package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>A request that gets no answer (the connection refused or lost, no response within the read
 * timeout) is sent again every second: a POST is an upsert by natural key, so a resend of one the
 * API did apply changes nothing, and an API node restarting behind its address is ridden through.
 * When a document gets no answer for {@link #UNANSWERED_LIMIT}, the API is taken as gone and the
 * load stops ({@link LoadStoppedException}) instead of rejecting one record after another.
 */
public final class HttpTransport implements Transport {

    /** How long one document may go without an answer before the load stops. */
    static final Duration UNANSWERED_LIMIT = Duration.ofSeconds(60);
    private static final Duration RESEND_AFTER = Duration.ofSeconds(1);

    private final String base;
    private final WebClient http;
    private final Optional<BearerToken> token;
    private final AtomicReference<LoadStoppedException> stopped = new AtomicReference<>();

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
    public Outcome upsert(ResourceSchema resource, ObjectNode document) throws InterruptedException {
        byte[] body = MessageCodec.encode(document);
        long giveUp = System.nanoTime() + UNANSWERED_LIMIT.toNanos();
        while (true) {
            LoadStoppedException stop = stopped.get();
            if (stop != null) {
                throw stop; // another document found the API gone: the load ends at once
            }
            var request = http.post(base + "/data/" + resource.projectEndpoint() + "/" + resource.endpointName())
                    .header(HeaderValues.CONTENT_TYPE_JSON);
            try {
                if (token.isPresent()) {
                    request.header(HeaderNames.AUTHORIZATION, token.get().header());
                }
            } catch (IOException e) {
                return new Outcome(0, MessageCodec.MAPPER.createObjectNode().put("detail", e.getMessage()));
            }
            try (HttpClientResponse response = request.submit(body)) {
                int status = response.status().code();
                if (status < 300) {
                    response.entity().consume();
                    return new Outcome(status, null);
                }
                return new Outcome(status, problem(response.as(String.class)));
            } catch (RuntimeException e) { // Helidon reports a lost connection or a read timeout unchecked
                if (System.nanoTime() > giveUp) {
                    LoadStoppedException gone = new LoadStoppedException("the Ed-Fi API at " + base + " gave no answer for "
                            + UNANSWERED_LIMIT.toSeconds() + " s (" + ClientCredentials.rootCause(e) + "): is it running?", e);
                    stopped.compareAndSet(null, gone);
                    throw stopped.get();
                }
                Thread.sleep(RESEND_AFTER);
            }
        }
    }

    /** The refusal's problem; a body that is not JSON (a proxy's error page) as its detail. */
    private static JsonNode problem(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return MessageCodec.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return MessageCodec.MAPPER.createObjectNode().put("detail", body);
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
