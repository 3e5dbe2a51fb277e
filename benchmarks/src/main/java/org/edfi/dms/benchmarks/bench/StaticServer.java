package org.edfi.dms.benchmarks.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

/**
 * The HTTP ceiling: a Helidon server in the benchmark's JVM that does no work, answering a write
 * with 201 and a Location (after reading the body) and a read with a fixed student document.
 * The load generator sends it the same requests, with the same token, as it sends the API.
 */
final class StaticServer implements AutoCloseable {

    private static final String STUDENT = """
            {"id": "0b2c6b3a0f5c4e0e9a8f6c1d2e3f4a5b", "studentUniqueId": "S1", "firstName": "Lisa", "lastSurname": "Woods",
             "birthDate": "2010-01-13", "birthSexDescriptor": "uri://ed-fi.org/SexDescriptor#Female",
             "_etag": "5250168731208835753", "_lastModifiedDate": "2026-12-02T14:00:00Z"}""";

    private final WebServer server;

    StaticServer() {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r
                        .post("/data/ed-fi/{resource}", (req, res) -> {
                            req.content().consume();
                            res.header(HeaderNames.LOCATION, "/data/ed-fi/" + req.path().pathParameters().get("resource")
                                    + "/0b2c6b3a0f5c4e0e9a8f6c1d2e3f4a5b").status(201).send();
                        })
                        .put("/data/ed-fi/{resource}/{id}", (req, res) -> {
                            req.content().consume();
                            res.status(204).send();
                        })
                        .get("/data/ed-fi/{resource}/{id}", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/json").send(STUDENT))
                        .get("/data/ed-fi/{resource}", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/json").send("[" + STUDENT + "]")))
                .build().start();
    }

    /** The base its resources answer under, as {@link ServerProcess#dataUrl()}. */
    String dataUrl() {
        return "http://127.0.0.1:" + server.port() + "/data/ed-fi/";
    }

    @Override
    public void close() {
        server.stop();
    }
}
