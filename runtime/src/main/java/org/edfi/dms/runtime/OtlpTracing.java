package org.edfi.dms.runtime;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.edfi.dms.contracts.Tracing;

/**
 * The span export of a node given an OTLP endpoint: the OpenTelemetry SDK, sending its spans in
 * batches to an OTLP/HTTP receiver (an OpenTelemetry Collector, Jaeger, Tempo...) with the JDK's
 * HTTP client. Built only then: a node without an endpoint traces with {@link Tracing#OFF}. Closing
 * sends what is still queued.
 */
final class OtlpTracing implements AutoCloseable {

    /** The OTLP/HTTP path of spans, added to an endpoint given as the receiver's base URL. */
    static final String TRACES_PATH = "/v1/traces";

    private final OpenTelemetrySdk sdk;

    private OtlpTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * Starts exporting to {@code endpoint}, the receiver's base URL ({@code http://collector:4318})
     * or its traces URL; the spans' resource is service {@code dms}, this node and its roles.
     */
    static OtlpTracing start(URI endpoint, String nodeId, Set<Node.Role> roles) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "dms",
                AttributeKey.stringKey("service.instance.id"), nodeId,
                AttributeKey.stringKey("dms.roles"), roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(",")))));
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        return new OtlpTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    }

    static String tracesUrl(URI endpoint) {
        String url = endpoint.toString();
        if (url.endsWith(TRACES_PATH)) {
            return url;
        }
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + TRACES_PATH;
    }

    /** The node's spans, exported through this SDK. */
    Tracing tracing() {
        return Tracing.exportingThrough(sdk);
    }

    /** Sends the spans still queued (the last requests' before a stop), waiting a few seconds at most. */
    @Override
    public void close() {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
}
