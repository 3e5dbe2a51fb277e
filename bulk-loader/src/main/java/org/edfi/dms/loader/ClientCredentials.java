package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.edfi.dms.contracts.MessageCodec;

/**
 * An OAuth2 bearer token by the client credentials grant, from {@code {base}/oauth/token} with the
 * client's id and secret as HTTP Basic, as every Ed-Fi API offers. One way of signing in for every
 * command that calls an API: the loader, and the admin commands of app.
 */
public final class ClientCredentials {

    private ClientCredentials() {}

    /** The access token, or an IOException saying what the token endpoint answered. */
    public static String token(WebClient http, String base, String clientId, String clientSecret) throws IOException {
        return grant(http, base, clientId, clientSecret).accessToken();
    }

    /**
     * The access token and its lifetime ({@code expires_in}; an endpoint that does not say is
     * taken to grant a day, far longer than any one command), or an IOException saying what the
     * token endpoint answered.
     */
    static BearerToken.Grant grant(WebClient http, String base, String clientId, String clientSecret) throws IOException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        try (HttpClientResponse response = http.post(base + "/oauth/token")
                .header(HeaderNames.AUTHORIZATION, "Basic " + basic)
                .header(HeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .submit("grant_type=client_credentials")) {
            String text = response.as(String.class);
            JsonNode body = response.status() == Status.OK_200 ? MessageCodec.MAPPER.readTree(text) : null;
            if (body == null || !body.hasNonNull("access_token")) {
                throw new IOException("no token from " + base + "/oauth/token: " + response.status().code() + " " + text);
            }
            long expiresIn = body.path("expires_in").asLong(0);
            return new BearerToken.Grant(body.get("access_token").asText(), expiresIn > 0 ? Duration.ofSeconds(expiresIn) : Duration.ofDays(1));
        } catch (RuntimeException e) {
            throw new IOException("no token from " + base + "/oauth/token: " + rootCause(e), e);
        }
    }

    /** The innermost cause of a client failure, as one line ({@code ConnectException: Connection refused}). */
    public static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
