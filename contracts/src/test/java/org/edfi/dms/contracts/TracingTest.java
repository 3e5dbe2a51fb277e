package org.edfi.dms.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each hop's span is the one whose id it hands on, so that a trace viewer joins the hops: the
 * OpenTelemetry SDK with an exporter that keeps what it is given.
 */
class TracingTest {

    private static final TraceParent CALLER = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
    private final Tracing tracing = Tracing.exportingThrough(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void eachHopIsAChildOfTheSpanThatHandedItOn() {
        TraceParent request;
        TraceParent command;
        try (TraceSpan edge = tracing.server("POST /data/ed-fi/schools", Optional.of(CALLER))) {
            request = edge.traceParent();
        }
        try (TraceSpan processor = tracing.consumer("process upsert ed-fi/schools", request)) {
            command = processor.traceParent();
        }

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(2, spans.size());
        SpanData edge = spans.get(0);
        SpanData processor = spans.get(1);
        assertEquals(CALLER.traceId(), edge.getTraceId(), "the caller's trace");
        assertEquals(CALLER.spanId(), edge.getParentSpanId(), "a child of the caller's span");
        assertEquals(request.spanId(), edge.getSpanId(), "the id handed on is the exported span's");
        assertEquals(SpanKind.SERVER, edge.getKind());
        assertEquals(SpanKind.CONSUMER, processor.getKind());
        assertEquals(CALLER.traceId(), processor.getTraceId());
        assertEquals(request.spanId(), processor.getParentSpanId());
        assertEquals(command.spanId(), processor.getSpanId());
        assertEquals("01", command.flags());
    }

    @Test
    void aRequestWithoutATraceBeginsOne() {
        TraceParent begun;
        try (TraceSpan edge = tracing.server("GET discovery", Optional.empty())) {
            begun = edge.traceParent();
        }
        SpanData span = exported.getFinishedSpanItems().getFirst();
        assertEquals(begun.traceId(), span.getTraceId());
        assertEquals(begun.spanId(), span.getSpanId());
        assertTrue(!span.getParentSpanContext().isValid(), "a root span");
    }

    @Test
    void aFailedHopSaysSo() {
        try (TraceSpan sink = tracing.consumer("apply", CALLER)) {
            sink.attribute("dms.batch.size", 3).failed("the store refused the batch");
        }
        SpanData span = exported.getFinishedSpanItems().getFirst();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(3L, span.getAttributes().get(AttributeKey.longKey("dms.batch.size")));
    }

    @Test
    void aCallerThatDoesNotSampleIsFollowedButNotExported() {
        TraceParent unsampled = new TraceParent(CALLER.traceId(), CALLER.spanId(), "00");
        try (TraceSpan edge = tracing.server("POST /data/ed-fi/schools", Optional.of(unsampled))) {
            assertEquals("00", edge.traceParent().flags(), "the decision travels on");
            assertEquals(CALLER.traceId(), edge.traceParent().traceId());
        }
        assertTrue(exported.getFinishedSpanItems().isEmpty());
    }

    @Test
    void offHandsOnNewIdsOfTheSameTraceAndExportsNothing() {
        try (TraceSpan hop = Tracing.OFF.consumer("process upsert ed-fi/schools", CALLER)) {
            TraceParent handedOn = hop.traceParent();
            assertEquals(CALLER.traceId(), handedOn.traceId());
            assertNotEquals(CALLER.spanId(), handedOn.spanId());
            assertSame(handedOn, hop.traceParent(), "one hop, one span id, however many records it hands on");
            hop.attribute("http.response.status_code", 201).failed("ignored");
        }
        try (TraceSpan hop = Tracing.OFF.server("GET discovery", Optional.empty())) {
            assertEquals(32, hop.traceParent().traceId().length(), "a new trace");
        }
        assertTrue(exported.getFinishedSpanItems().isEmpty());
    }
}
