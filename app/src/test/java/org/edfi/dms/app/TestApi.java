package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClaimsFile;
import org.edfi.dms.schema.SchemaLoadException;
import org.edfi.dms.security.ConfiguredClients;

/**
 * What the app's integration tests share: the Data Standard 5.0 files beside the repository, and
 * HTTP calls to a running API as a client makes them.
 */
final class TestApi {

    /** The repository root, as bin/dms passes it; shared/edfi sits beside it. */
    static final Path HOME = Path.of(System.getProperty("dms.home", ".."));
    static final Path DATA_STANDARD = HOME.resolve("../shared/edfi/ds-5.0").normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The development client the tests' own nodes make (an embedded stack makes its own: {@link #of}). */
    static final ConfiguredClients.Credentials CLIENT = new ConfiguredClients.Credentials("dms-test-client", "dms-test-secret");

    private final String base;
    private final ConfiguredClients.Credentials client;
    private volatile String token;

    /** Calls to the API listening on {@code port} of this machine, with a token of {@code client} (none: without a token). */
    TestApi(int port, ConfiguredClients.Credentials client) {
        this.base = "http://127.0.0.1:" + port;
        this.client = client;
    }

    /** Calls as the tests' development client, {@link #CLIENT}. */
    TestApi(int port) {
        this(port, CLIENT);
    }

    /** Calls to an embedded stack as its development client. */
    static TestApi of(EmbeddedStack stack) {
        return new TestApi(stack.port(), stack.developmentClient().credentials());
    }

    /** Calls without a token. */
    static TestApi anonymous(int port) {
        return new TestApi(port, null);
    }

    static ApiSchema dataStandard() throws SchemaLoadException {
        return ApiSchemaLoader.load(DATA_STANDARD.resolve("ApiSchema.json"));
    }

    /** The Data Standard with its XSD files beside it, as an operator passes them (decimal limits, /metadata/xsd). */
    static ApiSchema dataStandardWithXsd() throws Exception {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(DATA_STANDARD.resolve("xsd"))) {
            return ApiSchemaLoader.load(List.of(DATA_STANDARD.resolve("ApiSchema.json")), files.sorted().toList());
        }
    }

    /** The Ed-Fi DMS security metadata beside the repository: its claim sets and resource claims, with this project's two. */
    static final Path CLAIMS = HOME.resolve("../shared/edfi/dms-metadata/claims").normalize();

    static ClaimSets edFiClaims() {
        return ClaimsFile.load(CLAIMS.resolve("Claims.json"), CLAIMS.resolve("JsonSchemaForClaims.json"));
    }

    /** One request with a JSON body (or none) and header name/value pairs; {@code path} starts with a slash. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (client != null) {
            request.header("Authorization", "Bearer " + token());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The client's access token, asked for once (the client credentials grant, with HTTP Basic). */
    String token() throws Exception {
        if (token == null) {
            String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), "token for " + client.clientId() + ": " + answer.body());
            token = MessageCodec.MAPPER.readTree(answer.body()).path("access_token").asText();
        }
        return token;
    }

    /** A request that must be answered with {@code status}. */
    HttpResponse<String> expect(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return response;
    }

    /** The {@code Total-Count} of an Ed-Fi resource of the default instance, as this client reads it. */
    long total(String resource) throws Exception {
        HttpResponse<String> page = expect(200, "GET", "/data/ed-fi/" + resource + "?totalCount=true", null);
        return Long.parseLong(page.headers().firstValue("Total-Count").orElseThrow());
    }

    /** The text at a JSON pointer of each document of the first page of an Ed-Fi resource of the default instance, as this client reads it. */
    List<String> texts(String resource, String pointer) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode document : MessageCodec.MAPPER.readTree(expect(200, "GET", "/data/ed-fi/" + resource, null).body())) {
            texts.add(document.at(pointer).asText());
        }
        return texts;
    }

    /**
     * The value of the first sample of {@code metric} in the node's /metrics whose labels include
     * every one of {@code labels}; fails when there is none.
     */
    double sample(String metric, String... labels) throws Exception {
        String scraped = expect(200, "GET", "/metrics", null).body();
        for (String line : scraped.split("\n")) {
            if (line.startsWith(metric + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample of " + metric + " with " + Arrays.toString(labels) + " in:\n" + scraped);
    }

    /** The document id of a 201's Location header. */
    static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
