package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/**
 * What the app's integration tests share: the Data Standard 5.0 files beside the repository, and
 * HTTP calls to a running API as a client makes them.
 */
final class TestApi {

    /** The repository root, as bin/dms passes it; shared/edfi sits beside it. */
    static final Path HOME = Path.of(System.getProperty("dms.home", ".."));
    static final Path DATA_STANDARD = HOME.resolve("../shared/edfi/ds-5.0").normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;

    /** Calls to the API listening on {@code port} of this machine. */
    TestApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    static ApiSchema dataStandard() throws SchemaLoadException {
        return ApiSchemaLoader.load(DATA_STANDARD.resolve("ApiSchema.json"));
    }

    /** One request with a JSON body (or none) and header name/value pairs; {@code path} starts with a slash. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request that must be answered with {@code status}. */
    HttpResponse<String> expect(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return response;
    }

    /** The document id of a 201's Location header. */
    static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
