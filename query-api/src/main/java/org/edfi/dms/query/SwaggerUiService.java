package org.edfi.dms.query;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.staticcontent.StaticContentService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI at {@code /swagger-ui/}, over the API's own OpenAPI documents (resources and
 * descriptors), with the client credentials grant for "Authorize". The page and its scripts are
 * the Swagger UI webjar's, served as they are; only the initializer, which names the documents, is ours.
 */
public final class SwaggerUiService implements HttpService {

    public static final String PATH = "/swagger-ui";

    /** Where the webjar keeps its files; its version is read from the webjar itself, so the POM alone pins it. */
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    /** Relative to the page, so the documents are the ones of the server that served it. */
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                urls: [
                  {url: "../metadata/specifications/resources-spec.json", name: "Resources"},
                  {url: "../metadata/specifications/descriptors-spec.json", name: "Descriptors"},
                  {url: "../metadata/specifications/changeQueries-spec.json", name: "Change Queries"}
                ],
                dom_id: "#swagger-ui",
                deepLinking: true,
                persistAuthorization: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout"
              });
            };
            """;

    private final StaticContentService webjar = StaticContentService.builder(WEBJAR + webjarVersion())
            .welcomeFileName("index.html")
            .build();

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> {
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, PATH + "/");
            res.send();
        });
        rules.get(PATH + "/swagger-initializer.js", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8");
            res.send(INITIALIZER.getBytes(StandardCharsets.UTF_8));
        });
        rules.register(PATH, webjar);
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUiService.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The Swagger UI webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
