package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.runtime.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node given an OTLP endpoint exports one span a hop of each write, and the hops join into one
 * trace: the HTTP request at the API (the span the answer's {@code traceparent} names), the
 * processor's handling of its command, the sink's apply of its document; the analytics record
 * carries the processor's span on. A real stack exporting over OTLP/HTTP to a receiver in the test.
 */
class TraceExportTest {

    private static final String CALLER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN_ID = "b7ad6b7169203331";

    @TempDir
    Path dataDir;

    @Test
    void oneWriteIsOneTraceFromTheRequestThroughTheProcessorToTheSink() throws Exception {
        TraceParent answered;
        ConsumerRecord<String, String> change;
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            try (EmbeddedStack stack = EmbeddedStack.start(TestApi.dataStandard(), dataDir, "127.0.0.1", 0, Duration.ofSeconds(10),
                    ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Node.Routing.DEFAULT, DevelopmentClient.resolve(dataDir, Optional.empty(), Optional.empty()),
                    new Node.Observability(Optional.of(receiver.endpoint()), false));
                    KafkaConsumer<String, String> analytics = AnalyticsTopic.consumer(stack.bootstrapServers())) {
                HttpResponse<String> created = TestApi.of(stack).send("POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}",
                        TraceParent.HEADER, "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
                assertEquals(201, created.statusCode(), created.body());
                answered = TraceParent.parse(created.headers().firstValue(TraceParent.HEADER).orElseThrow()).orElseThrow();
                change = firstChange(analytics);
            } // closing the node sends the spans still queued
            List<OtlpReceiver.ReceivedSpan> trace = receiver.spans().stream().filter(s -> s.traceId().equals(CALLER_TRACE_ID)).toList();

            OtlpReceiver.ReceivedSpan request = only(trace, "POST /data/ed-fi/gradeLevelDescriptors");
            assertEquals(Span.SpanKind.SPAN_KIND_SERVER, request.kind());
            assertEquals(CALLER_SPAN_ID, request.parentSpanId(), "a child of the caller's span");
            assertEquals(answered.spanId(), request.spanId(), "the span the answer names");
            assertEquals("dms", request.service());

            OtlpReceiver.ReceivedSpan process = only(trace, "process upsert ed-fi/gradeLevelDescriptors");
            assertEquals(Span.SpanKind.SPAN_KIND_CONSUMER, process.kind());
            assertEquals(request.spanId(), process.parentSpanId(), "the command's handling, a child of the request that sent it");

            OtlpReceiver.ReceivedSpan apply = only(trace, "apply documents");
            assertEquals(Span.SpanKind.SPAN_KIND_CONSUMER, apply.kind());
            assertEquals(process.spanId(), apply.parentSpanId(), "the document's apply, a child of the processor that committed it");

            TraceParent captured = TraceParent.fromHeader(change.headers().lastHeader(TraceParent.HEADER).value()).orElseThrow();
            assertEquals(CALLER_TRACE_ID, captured.traceId());
            assertEquals(process.spanId(), captured.spanId(), "the analytics record carries the processor's span on");
        }
    }

    private static OtlpReceiver.ReceivedSpan only(List<OtlpReceiver.ReceivedSpan> trace, String name) {
        List<OtlpReceiver.ReceivedSpan> named = trace.stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + trace);
        return named.getFirst();
    }

    private static ConsumerRecord<String, String> firstChange(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("no change on the analytics topic");
    }
}
