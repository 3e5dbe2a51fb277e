package org.edfi.dms.contracts;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Optional;

/**
 * The spans a node adds to the traces that writes carry ({@link TraceParent}), one a hop: the HTTP
 * request at the edge, the processor's handling of a command, the sink's apply. Given an
 * OpenTelemetry SDK (a node with an OTLP endpoint), each is a span of the SDK, exported, whose id is
 * the one the hop hands on, so that a trace viewer joins the hops. {@link #OFF}, without an
 * endpoint, starts no span: its hops hand on new ids as they did before export, and what the roles
 * call on a span is OpenTelemetry's no-op.
 */
public final class Tracing {

    /** No export: no SDK is built and no span recorded. */
    public static final Tracing OFF = new Tracing(null);

    /** The instrumentation scope our spans are reported under. */
    private static final String SCOPE = "org.edfi.dms";

    private final Tracer tracer;

    private Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans of {@code openTelemetry}'s tracer provider, which exports them. */
    public static Tracing exportingThrough(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry.getTracer(SCOPE));
    }

    /**
     * Starts the span of a request this node serves: a child of the caller's {@code traceparent},
     * or the root of a new trace. Close it when the answer is given.
     */
    public TraceSpan server(String name, Optional<TraceParent> caller) {
        return start(name, SpanKind.SERVER, caller);
    }

    /**
     * Starts the span of a record's handling: a child of the span that handed the record on (its
     * {@code traceparent} header). Close it when the record is handled.
     */
    public TraceSpan consumer(String name, TraceParent handedOn) {
        return start(name, SpanKind.CONSUMER, Optional.of(handedOn));
    }

    private TraceSpan start(String name, SpanKind kind, Optional<TraceParent> parent) {
        if (tracer == null) {
            return TraceSpan.untraced(parent);
        }
        // Only the handed-on parent, never a span current on this thread: the hops share no thread.
        Context context = parent.map(p -> Context.root().with(Span.wrap(remote(p)))).orElseGet(Context::root);
        return TraceSpan.of(tracer.spanBuilder(name).setSpanKind(kind).setParent(context).startSpan());
    }

    private static SpanContext remote(TraceParent parent) {
        return SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(), TraceFlags.fromHex(parent.flags(), 0),
                TraceState.getDefault());
    }
}
