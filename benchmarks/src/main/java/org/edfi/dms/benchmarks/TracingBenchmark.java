package org.edfi.dms.benchmarks;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.TraceSpan;
import org.edfi.dms.contracts.Tracing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the spans of one write cost the threads that serve it, as the edge, the processor and the
 * sink make them: {@code off} (no endpoint: no SDK, OpenTelemetry's no-op span) against
 * {@code exporting} (the SDK with a batching span processor, as a node with an endpoint runs it;
 * the exporter takes the batches and drops them, so what is measured is the hops' own work, not the
 * export thread's serialization and HTTP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class TracingBenchmark {

    @Param({"off", "exporting"})
    public String tracing;

    private static final TraceParent CALLER = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();

    private OpenTelemetrySdk sdk;
    private Tracing spans;

    @Setup(Level.Trial)
    public void start() {
        if (tracing.equals("off")) {
            spans = Tracing.OFF;
            return;
        }
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build()).build())
                .build();
        spans = Tracing.exportingThrough(sdk);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (sdk != null) {
            sdk.close();
        }
    }

    /** The edge's server span, the processor's consumer span with the header it hands on, the sink's apply span. */
    @Benchmark
    public byte[] oneWrite() {
        TraceParent request;
        try (TraceSpan edge = spans.server("POST /data/ed-fi/students", Optional.of(CALLER))) {
            edge.attribute("http.request.method", "POST").attribute("http.route", "/data/ed-fi/students");
            request = edge.traceParent();
            edge.attribute("dms.instance", "default.default").attribute("http.response.status_code", 201);
        }
        byte[] handedOn;
        TraceParent document;
        try (TraceSpan processor = spans.consumer("process upsert ed-fi/students", request)) {
            processor.attribute("dms.command.id", "c1").attribute("messaging.destination.name", "dms.default.default.commands");
            document = processor.traceParent();
            handedOn = document.headerValue();
            processor.attribute("dms.result.status", 201);
        }
        try (TraceSpan sink = spans.consumer("apply documents", document)) {
            sink.attribute("messaging.destination.name", "dms.default.default.documents").attribute("dms.batch.size", 1);
        }
        return handedOn;
    }

    /** Takes every batch and keeps nothing. */
    private static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
