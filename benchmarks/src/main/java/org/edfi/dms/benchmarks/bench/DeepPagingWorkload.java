package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;

/**
 * Deep paging: GET one resource's documents at large offsets, limit 500, over a store holding a
 * million of them. The store is filled once (by the store-sink's own writer, straight into the
 * server's database: loading a million documents through the API is the bulk-load workload's
 * business) and every run pages the same server.
 */
final class DeepPagingWorkload implements Workload {

    private static final int LIMIT = 500;
    /** An idle {@code dms run} uses about 0.2 cores (broker, Connect, Streams polls); a little more means it is still busy. */
    private static final double IDLE_CORES = 0.3;

    @Override
    public String id() {
        return "paging";
    }

    @Override
    public String title() {
        return "Deep paging";
    }

    @Override
    public String description(Scale scale) {
        return """
                %,d students in the store (plus one page, so the deepest offset still answers a full page), \
                written by the store-sink's writer straight into the server's database; then, once the \
                server is idle again (its change capture has streamed them), one client GETs \
                `students?offset=N&limit=500` %d times at each offset of %s, one request at a time. The \
                figure is the median latency of those pages. Ceiling: the same 500 documents read by keyset \
                SQL (`document_seq >= k ORDER BY document_seq LIMIT 500`, the cheapest way PostgreSQL hands \
                out a page) on the same database.""".formatted(scale.pagingDocuments(), scale.pagingSamples(), offsets(scale));
    }

    @Override
    public List<Measurement> run(Context context) throws Exception {
        Scale scale = context.scale();
        List<Measurement> figures = new ArrayList<>();
        try (ServerProcess server = context.startServer()) {
            fill(server.jdbcUrl(), RelationshipSecurity.of(context.schema()), scale.pagingDocuments() + LIMIT);
            CpuMeter cpu = server.cpuMeter();
            awaitIdle(cpu);
            LoadClient api = new LoadClient(server::authorization);
            for (int run = 1; run <= scale.runs(); run++) {
                for (int offset : offsets(scale)) {
                    Timed<Load.Outcome> pages = cpu.measure(() -> Load.serial(scale.pagingSamples(),
                            (c, i) -> api.get(server.dataUrl() + "students", "offset", Integer.toString(offset), "limit", Integer.toString(LIMIT)).ok()));
                    Timed<Load.Outcome> keyset = cpu.measure(() -> PostgresCeiling.keysetPages(server.jdbcUrl(), "students", offset, LIMIT,
                            scale.pagingSamples(), true));
                    String ceiling = "ceiling: keyset SQL, the page at %,d".formatted(offset);
                    figures.add(Measurement.of(id(), run, "GET offset=%,d limit=500".formatted(offset), Unit.MILLISECONDS,
                            pages.result().percentiles().p50(), Optional.of(pages.result().percentiles()), pages.result().errors(), pages.cpu(), ceiling));
                    figures.add(Measurement.ceiling(id(), run, ceiling, Unit.MILLISECONDS, keyset.result().percentiles().p50(),
                            Optional.of(keyset.result().percentiles()), keyset.cpu()));
                }
            }
        }
        return figures;
    }

    private static List<Integer> offsets(Scale scale) {
        return scale.pagingOffsets().stream().filter(offset -> offset <= scale.pagingDocuments()).toList();
    }

    /** Writes {@code count} students through the store-sink's writer, in its batch size. */
    private static void fill(String jdbcUrl, RelationshipSecurity relationships, int count) {
        try (HikariDataSource pool = Databases.pool(jdbcUrl, "bench-fill", 2)) {
            DocumentWriter writer = new DocumentWriter(Databases.jdbi(pool), relationships);
            List<DocumentEnvelope> batch = new ArrayList<>(LIMIT);
            for (int i = 0; i < count; i++) {
                ObjectNode body = MessageCodec.MAPPER.createObjectNode();
                body.put("studentUniqueId", "P" + i).put("firstName", "Lisa").put("lastSurname", "Woods").put("birthDate", "2010-01-13")
                        .put("birthSexDescriptor", "uri://ed-fi.org/SexDescriptor#Female");
                batch.add(new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", "students", "Student", UUID.randomUUID(), Map.of("$.studentUniqueId", "P" + i),
                        body, Long.toString(i), Instant.now(), i + 1L, false, null));
                if (batch.size() == LIMIT || i == count - 1) {
                    writer.apply("bench.paging-fill", 0, batch, i + 1L); // a topic of its own: the server's sink positions stay as they are
                    batch.clear();
                }
            }
        }
    }

    /** Waits (up to 15 minutes) until the server uses less than a fifth of a core over 5 s: its change capture has caught up. */
    private static void awaitIdle(CpuMeter cpu) throws Exception {
        long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000;
        while (System.nanoTime() < deadline) {
            Timed<Object> quiet = cpu.measure(() -> {
                Thread.sleep(5_000);
                return null;
            });
            if (quiet.cpu().server() < IDLE_CORES) {
                return;
            }
        }
    }
}
