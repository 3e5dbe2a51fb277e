package org.edfi.dms.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.ingress.VisibilityGate;
import org.edfi.dms.runtime.instances.InstanceParts;

/**
 * Read-your-writes on a node that runs the ingress: each acknowledged write waits until its
 * instance's store has applied it, and the wait is the sink's lag as a writer feels it
 * ({@value #WAIT}, by instance and whether the write became visible in time).
 */
final class MeasuredVisibility implements VisibilityGate {

    static final String WAIT = "dms.visibility.wait";

    private final InstanceParts instances;
    private final Duration timeout;
    private final MeterRegistry metrics;

    MeasuredVisibility(InstanceParts instances, Duration timeout, MeterRegistry metrics) {
        this.instances = instances;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public boolean awaitVisible(InstanceId instance, long changeVersion) {
        long start = System.nanoTime();
        boolean visible = instances.awaitVisible(instance, changeVersion, timeout);
        Timer.builder(WAIT)
                .description("From the processor's acknowledgement of a write to its store applying it")
                .tag("instance", instance.toString())
                .tag("visible", Boolean.toString(visible))
                .publishPercentileHistogram()
                .register(metrics)
                .record(Duration.ofNanos(System.nanoTime() - start));
        return visible;
    }
}
