package org.edfi.dms.app;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.problem.Problem;

/**
 * The HTTP server of the API roles: the services of the roles this node runs, and a problem+json
 * 404 for every other path. Handlers run on virtual threads, so waiting for a result blocks nothing.
 */
public final class ApiServer {

    /** Ed-Fi documents are a few kilobytes; this bounds what a client can make the server buffer. */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    private ApiServer() {}

    public static WebServer start(String host, int port, List<HttpService> services) {
        return WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_BODY_BYTES)
                .shutdownGracePeriod(Duration.ofSeconds(10))
                .routing(routing -> {
                    services.forEach(routing::register);
                    routing.any((req, res) -> {
                        res.status(Status.NOT_FOUND_404);
                        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
                        res.send(MessageCodec.encode(Problem.notFound("The specified data could not be found.")));
                    });
                })
                .build()
                .start();
    }
}
