package org.edfi.dms.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;

/**
 * Hot references (Meadowlark's contention test): every client creates schools that all refer to
 * the same two descriptors, so a store that locks referenced rows would serialize them.
 */
final class HotReferencesWorkload implements Workload {

    private static final List<Integer> CONNECTIONS = List.of(1, 25);
    /** About the size of a school's command on the commands topic. */
    private static final int COMMAND_BYTES = 600;

    @Override
    public String id() {
        return "hot";
    }

    @Override
    public String title() {
        return "Hot references";
    }

    @Override
    public String description(Scale scale) {
        return """
                Clients on %s connections each create new schools back to back for %.0f s, every school \
                referring to the same education organization category and grade level descriptors (the \
                references every write checks). Ceiling: the same number of clients each producing a \
                command-sized record (%d bytes) to the same broker and waiting for its acknowledgement \
                (acks=all, idempotent), which every write through the system does at least once.""".formatted(CONNECTIONS, scale.hotSeconds(), COMMAND_BYTES);
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer()) {
            CpuMeter cpu = server.cpuMeter();
            LoadClient api = new LoadClient(server::authorization);
            AtomicLong schoolIds = new AtomicLong(Seed.SCHOOL_ID + 1);
            double seconds = context.scale().hotSeconds();
            for (int run = 1; run <= context.scale().runs(); run++) {
                for (int connections : CONNECTIONS) {
                    Timed<Load.Outcome> system = cpu.measure(() -> Load.closedLoop(connections, seconds,
                            (c, i) -> api.post(server.dataUrl() + "schools", Seed.school(schoolIds.getAndIncrement())).status() == 201));
                    Timed<Load.Outcome> bare = cpu.measure(() -> RawKafka.acknowledgedSends(server.bootstrapServers(), connections, seconds, COMMAND_BYTES));
                    String ceiling = "ceiling: raw Kafka producer, " + connections + (connections == 1 ? " client" : " clients");
                    figures.add(Measurement.of(id(), run, "schools created, " + connections + (connections == 1 ? " connection" : " connections"),
                            Unit.PER_SECOND, system.result().perSecond(), Optional.of(system.result().percentiles()), system.result().errors(),
                            system.cpu(), ceiling));
                    figures.add(Measurement.ceiling(id(), run, ceiling, Unit.PER_SECOND, bare.result().perSecond(),
                            Optional.of(bare.result().percentiles()), bare.cpu()));
                }
            }
        }
        return figures;
    }
}
