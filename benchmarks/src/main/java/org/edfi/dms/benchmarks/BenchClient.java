package org.edfi.dms.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.edfi.dms.app.EmbeddedStack;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;

/** How the benchmarks authenticate, as any client does: client credentials for a bearer token. */
public final class BenchClient {

    /** The development client of a {@code dms run} the benchmarks start as a process. */
    public static final ConfiguredClients.Credentials CREDENTIALS = new ConfiguredClients.Credentials("dms-bench", "dms-bench-secret");

    private BenchClient() {}

    /** The Authorization header value for the development client of an in-process stack. */
    static String authorization(EmbeddedStack stack) throws Exception {
        return authorization(stack.port(), stack.developmentClient().credentials());
    }

    /** The Authorization header value ({@code Bearer ...}) for a client of the API on {@code port} of this machine. */
    public static String authorization(int port, ConfiguredClients.Credentials client) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("No token for " + client.clientId() + ": " + answer.statusCode() + " " + answer.body());
        }
        return "Bearer " + MessageCodec.MAPPER.readTree(answer.body()).path("access_token").asText();
    }
}
