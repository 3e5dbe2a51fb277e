package org.edfi.dms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every request learns at the edge, once, on a real server: the correlation id (the caller's,
 * or a new one) echoed on every answer and in problem bodies, the instance the path's prefix names,
 * and the resource its data path names; the request's span of the caller's trace. A probe route
 * answers the context it was handed.
 */
class RequestEdgeTest {

    private static final InstanceId DISTRICT = new InstanceId("district-a", "y2024");
    private static final InstanceRoutes ROUTES = new InstanceRoutes(true, List.of("schoolYear"), new InstanceRoutes.Directory() {
        @Override
        public Optional<InstanceId> find(String tenant, Map<String, String> context) {
            return tenant.equals("district-a") && context.equals(Map.of("schoolYear", "2024")) ? Optional.of(DISTRICT) : Optional.empty();
        }

        @Override
        public Optional<InstanceId> only() {
            return Optional.of(InstanceId.DEFAULT);
        }
    });

    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final OpenTelemetrySdk TRACING = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing
                        .addFilter(new RequestEdge(Fixtures.smallCore(), ROUTES, METRICS, Tracing.exportingThrough(TRACING)))
                        .get("/problem", (req, res) -> Responses.problem(req, res, Problem.notFound("Nothing here.")))
                        .any((req, res) -> {
                            RequestContext context = RequestContext.of(req);
                            Responses.json(res, 200, MessageCodec.MAPPER.createObjectNode()
                                    .put("instance", context.instance().map(InstanceId::toString).orElse("none"))
                                    .put("prefix", context.route().prefix())
                                    .put("area", context.area().label())
                                    .put("rest", context.route().rest())
                                    .put("resource", context.resource().map(r -> r.endpointName()).orElse("none"))
                                    .put("id", context.data().flatMap(DataPath::id).orElse("none"))
                                    .put("base", context.data().map(DataPath::base).orElse("none")));
                        }))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        TRACING.close();
    }

    @Test
    void theCallersCorrelationIdIsEchoedAndAnXCorrelationIdCountsToo() throws Exception {
        assertEquals("abc-1", get("/data/ed-fi/students", "correlation-id", "abc-1").headers().firstValue("correlation-id").orElseThrow());
        assertEquals("abc-2", get("/data/ed-fi/students", "X-Correlation-Id", "abc-2").headers().firstValue("correlation-id").orElseThrow());
    }

    @Test
    void aDeploymentNamesItsOwnCorrelationHeaderWhichTheAnswerAndItsProblemCarry() throws Exception {
        WebServer configured = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing
                        .addFilter(new RequestEdge(Fixtures.smallCore(), ROUTES, METRICS, Tracing.OFF, Cors.NONE, CorrelationHeader.of("X-Request-Id")))
                        .any((req, res) -> Responses.problem(req, res, Problem.notFound("Nothing here."))))
                .build().start();
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + configured.port() + "/problem"))
                    .header("X-Request-Id", "req-7").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("req-7", answer.headers().firstValue("X-Request-Id").orElseThrow());
            assertEquals("req-7", MessageCodec.MAPPER.readTree(answer.body()).get("correlationId").asText());
            HttpResponse<String> usual = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + configured.port() + "/problem"))
                    .header("correlation-id", "abc-3").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("abc-3", usual.headers().firstValue("X-Request-Id").orElseThrow(), "the usual name is still read");
        } finally {
            configured.stop();
        }
    }

    @Test
    void aRequestWithoutOneGetsANewCorrelationIdThatItsProblemCarriesToo() throws Exception {
        HttpResponse<String> answer = get("/problem");
        String echoed = answer.headers().firstValue("correlation-id").orElseThrow();
        UUID.fromString(echoed);
        assertEquals(404, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(echoed, MessageCodec.MAPPER.readTree(answer.body()).get("correlationId").asText());
    }

    @Test
    void aPrefixedPathNamesItsInstanceAndTheDataPathItsResource() throws Exception {
        JsonNode context = context("/district-a/2024/data/ed-fi/students/123");
        assertEquals("district-a.y2024", context.get("instance").asText());
        assertEquals("/district-a/2024", context.get("prefix").asText());
        assertEquals("/data/ed-fi/students/123", context.get("rest").asText());
        assertEquals("students", context.get("resource").asText());
        assertEquals("123", context.get("id").asText());
        assertEquals("/data/ed-fi/students", context.get("base").asText());
        assertEquals("data", context.get("area").asText());
    }

    @Test
    void aPrefixThatNamesNoInstanceResolvesToNone() throws Exception {
        JsonNode context = context("/district-b/2024/data/ed-fi/students");
        assertEquals("none", context.get("instance").asText());
        assertEquals("/district-b/2024", context.get("prefix").asText());
    }

    @Test
    void anUnprefixedPathReachesTheOnlyInstanceAndTheApisOwnSegmentsAreNeverAPrefix() throws Exception {
        assertEquals("default.default", context("/data/ed-fi/students").get("instance").asText());
        JsonNode metadata = context("/metadata/dependencies");
        assertEquals("", metadata.get("prefix").asText());
        assertEquals("/metadata/dependencies", metadata.get("rest").asText());
        assertEquals("", context("/.well-known/jwks.json").get("prefix").asText());
        assertEquals("metadata", metadata.get("area").asText());
        assertEquals("token", context("/.well-known/jwks.json").get("area").asText());
        assertEquals("admin", context("/admin/tenants").get("area").asText());
        assertEquals("token", context("/district-a/2024/oauth/token").get("area").asText(), "the token endpoint under any prefix");
        assertEquals("token", context("/district-a/oauth/token_info").get("area").asText(), "the introspection endpoint under any prefix");
        assertEquals("token", context("/oauth/token_info").get("area").asText());
        assertEquals("discovery", context("/district-a/2024").get("area").asText());
    }

    @Test
    void theOdsFormAndATrailingSlashNameTheSameResource() throws Exception {
        JsonNode ods = context("/data/v3/ed-fi/students");
        assertEquals("students", ods.get("resource").asText());
        assertEquals("/data/v3/ed-fi/students", ods.get("base").asText());
        JsonNode slash = context("/data/ed-fi/students/");
        assertEquals("students", slash.get("resource").asText());
        assertEquals("none", slash.get("id").asText());
    }

    @Test
    void dotSegmentsAndDoubledOrEncodedSlashesNameWhatTheRoutesMatch() throws Exception {
        JsonNode context = context("/district-a//2024/./data/ed-fi/x/../students%2F123");
        assertEquals("district-a.y2024", context.get("instance").asText());
        assertEquals("students", context.get("resource").asText());
        assertEquals("123", context.get("id").asText());
        assertEquals("", context("/data/../admin/tenants").get("prefix").asText());
        assertEquals("/admin/tenants", context("/data/../admin/tenants").get("rest").asText());
    }

    @Test
    void anUnknownResourceIsNone() throws Exception {
        assertEquals("none", context("/data/ed-fi/spaceships").get("resource").asText());
        assertEquals("none", context("/data/ed-fi").get("base").asText());
    }

    @Test
    void eachRequestIsTimedByRouteFamilyMethodAndStatusNeverByPath() throws Exception {
        get("/problem");
        get("/district-a/2024/data/ed-fi/students/" + UUID.randomUUID());
        assertTrue(METRICS.find(RequestEdge.REQUESTS).tags("family", "other", "method", "GET", "status", "404").timer().count() >= 1);
        assertTrue(METRICS.find(RequestEdge.REQUESTS).tags("family", "data", "status", "200").timer().count() >= 1);
        assertTrue(METRICS.find(RequestEdge.REQUESTS).meters().stream().noneMatch(m -> m.getId().getTags().toString().contains("students")));
    }

    @Test
    void eachRequestIsASpanOfTheCallersTraceNamedByItsRouteNeverByItsId() throws Exception {
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String id = UUID.randomUUID().toString();
        HttpResponse<String> answer = get("/district-a/2024/data/ed-fi/students/" + id, "traceparent", caller);
        TraceParent answered = TraceParent.parse(answer.headers().firstValue("traceparent").orElseThrow()).orElseThrow();

        SpanData span = awaitSpan(answered.spanId());
        assertEquals("GET /data/ed-fi/students/{id}", span.getName());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.getTraceId());
        assertEquals("00f067aa0ba902b7", span.getParentSpanId(), "a child of the caller's span");
        assertEquals(200L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("district-a.y2024", span.getAttributes().get(AttributeKey.stringKey("dms.instance")));
        assertTrue(SPANS.getFinishedSpanItems().stream().noneMatch(s -> s.getName().contains(id)));
    }

    @Test
    void probesAreNotTracedButAnswerATraceparentAllTheSame() throws Exception {
        String answered = get("/health").headers().firstValue("traceparent").orElseThrow();
        String spanId = TraceParent.parse(answered).orElseThrow().spanId();
        // A traced request after it: once its span is there, the probe's would be too.
        awaitSpan(TraceParent.parse(get("/data/ed-fi/students").headers().firstValue("traceparent").orElseThrow()).orElseThrow().spanId());
        assertTrue(SPANS.getFinishedSpanItems().stream().noneMatch(s -> s.getSpanId().equals(spanId)));
    }

    @Test
    void etagsAreReadWithOrWithoutQuotes() {
        assertEquals("123", Requests.unquote("\"123\""));
        assertEquals("123", Requests.unquote("W/\"123\""));
        assertEquals("123", Requests.unquote("123"));
        assertFalse(Requests.unquote(" \"7\" ").contains("\""));
        assertTrue(Requests.unquote("\"").equals("\""));
    }

    /** The span of that id, once ended: the edge ends it after the answer has gone out. */
    private static SpanData awaitSpan(String spanId) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<SpanData> span = SPANS.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
            if (span.isPresent()) {
                return span.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no span " + spanId + " in " + SPANS.getFinishedSpanItems());
    }

    private static JsonNode context(String path) throws Exception {
        HttpResponse<String> answer = get(path);
        assertEquals(200, answer.statusCode(), answer.body());
        return MessageCodec.MAPPER.readTree(answer.body());
    }

    private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
