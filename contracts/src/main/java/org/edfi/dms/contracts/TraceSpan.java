package org.edfi.dms.contracts;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Optional;

/**
 * One hop's span of a trace ({@link Tracing#start}): the {@link TraceParent} the hop hands on, and
 * what it tells of its work. Without export it wraps OpenTelemetry's invalid span, on which every
 * call does nothing.
 */
public final class TraceSpan implements AutoCloseable {

    private final Span span;
    private final Optional<TraceParent> parent;
    private TraceParent handedOn;

    private TraceSpan(Span span, Optional<TraceParent> parent, TraceParent handedOn) {
        this.span = span;
        this.parent = parent;
        this.handedOn = handedOn;
    }

    static TraceSpan of(Span span) {
        SpanContext context = span.getSpanContext();
        return new TraceSpan(span, Optional.empty(), new TraceParent(context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()));
    }

    static TraceSpan untraced(Optional<TraceParent> parent) {
        return new TraceSpan(Span.getInvalid(), parent, null);
    }

    /**
     * The traceparent this hop hands on: its span's. Untraced, a new span id of the parent's trace
     * (or of a new trace), made when first asked for: a hop that hands nothing on makes none.
     */
    public TraceParent traceParent() {
        if (handedOn == null) {
            handedOn = parent.map(TraceParent::next).orElseGet(TraceParent::begin);
        }
        return handedOn;
    }

    public TraceSpan attribute(String key, String value) {
        span.setAttribute(key, value);
        return this;
    }

    public TraceSpan attribute(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    /** The hop failed (an HTTP 5xx, a command that could not be applied, a batch the store refused). */
    public void failed(String description) {
        span.setStatus(StatusCode.ERROR, description);
    }

    /** Ends the span: the SDK exports it in its next batch. */
    @Override
    public void close() {
        span.end();
    }
}
