package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A command that carries a trace is handled in a consumer span of it, a child of the span that
 * sent the command, and its documents carry that span on to the sink.
 */
class TracedCommandTest {

    private static final TraceParent REQUEST = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
    private final TopologyHarness instance = new TopologyHarness(Tracing.exportingThrough(sdk));

    @AfterEach
    void close() {
        instance.close();
        sdk.close();
    }

    @Test
    void theDocumentsOfATracedCommandCarryTheProcessorsSpanAChildOfTheRequests() {
        Command command = instance.upsert("localEducationAgencies", LEA);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceParent.HEADER, REQUEST.headerValue());
        instance.commands.pipeInput(new TestRecord<>(command.commandId(), MessageCodec.encode(command), headers));
        assertEquals(201, instance.onlyResult().status());

        SpanData span = exported.getFinishedSpanItems().getFirst();
        assertEquals("process upsert ed-fi/localEducationAgencies", span.getName());
        assertEquals(SpanKind.CONSUMER, span.getKind());
        assertEquals(REQUEST.traceId(), span.getTraceId());
        assertEquals(REQUEST.spanId(), span.getParentSpanId(), "a child of the request that sent the command");
        assertEquals(201L, span.getAttributes().get(AttributeKey.longKey("dms.result.status")));
        List<TestRecord<String, byte[]>> documents = instance.documents.readRecordsToList();
        assertEquals(1, documents.size());
        TraceParent handedOn = TraceParent.fromHeader(documents.getFirst().headers().lastHeader(TraceParent.HEADER).value()).orElseThrow();
        assertEquals(span.getSpanId(), handedOn.spanId(), "the document carries the processor's span on");
        assertEquals(REQUEST.traceId(), handedOn.traceId());
    }

    @Test
    void aCommandWithoutATraceMakesNoSpanAndItsDocumentsCarryNone() {
        instance.post("localEducationAgencies", LEA);
        Header header = instance.documents.readRecord().headers().lastHeader(TraceParent.HEADER);
        assertNull(header);
        assertTrue(exported.getFinishedSpanItems().isEmpty());
    }
}
