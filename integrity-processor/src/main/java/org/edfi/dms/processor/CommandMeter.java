package org.edfi.dms.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.CommandType;
import org.edfi.dms.contracts.InstanceId;

/**
 * Counts the commands an instance's processor answers ({@value #NAME}, by instance, type and
 * status): its commands a second, and its refusals by status. A count is of answers given, so a
 * command replayed after a crash before its commit is counted again; the store is not.
 */
public final class CommandMeter {

    public static final String NAME = "dms.processor.commands";

    /** Counts nothing: for topologies run without a node (tests, benchmarks). */
    public static final CommandMeter NONE = new CommandMeter(new CompositeMeterRegistry(), InstanceId.DEFAULT);

    private final MeterRegistry registry;
    private final String instance;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public CommandMeter(MeterRegistry registry, InstanceId instance) {
        this.registry = registry;
        this.instance = instance.toString();
    }

    /** One answer given; {@code type} is null for a command that could not be read. */
    void answered(CommandType type, CommandResult result) {
        String typeName = type == null ? "malformed" : type.label();
        String status = Integer.toString(result.succeeded() ? result.status() : result.problem().status());
        counters.computeIfAbsent(typeName + " " + status, key -> Counter.builder(NAME)
                .description("Commands the integrity processor answered")
                .tag("instance", instance).tag("type", typeName).tag("status", status)
                .register(registry)).increment();
    }
}
