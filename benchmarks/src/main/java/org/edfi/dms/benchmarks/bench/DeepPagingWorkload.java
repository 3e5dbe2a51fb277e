package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.benchmarks.bench.CpuMeter.Timed;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;

/**
 * Deep paging: GET one resource's documents at large offsets, limit 500, and the same pages by
 * cursor (pageToken, pageSize 500), over a store holding a million of them; then the whole
 * collection extracted by cursors, walking 1, 4 and 16 partitions in parallel. The store is filled
 * once (by the store-sink's own writer, straight into the server's database: loading a million
 * documents through the API is the bulk-load workload's business) and every run pages the same server.
 */
final class DeepPagingWorkload implements Workload {

    private static final int LIMIT = 500;
    private static final List<Integer> PARTITIONS = List.of(1, 4, 16);
    /** An idle {@code dms run} uses about 0.2 cores (broker, Connect, Streams polls); a little more means it is still busy. */
    private static final double IDLE_CORES = 0.3;

    @Override
    public String id() {
        return "paging";
    }

    @Override
    public String title() {
        return "Deep paging and extraction";
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
                out a page) on the same database. The same client then GETs `students?pageSize=500&pageToken=T` %d \
                times at each of those positions, T being the `Next-Page-Token` of the offset page just before \
                (cursor paging, keyset on `document_seq`), against the same ceiling. Last, extraction: \
                `students/partitions?number=N` for N of %s, and N clients (virtual threads), each walking \
                one token with `pageSize=500` until a page comes without `Next-Page-Token`; the figure is \
                documents a second, the partitions request included. Ceiling: `COPY (SELECT ... ORDER BY \
                document_seq) TO STDOUT` of the same documents to a client that discards them.""".formatted(
                scale.pagingDocuments(), scale.pagingSamples(), offsets(scale), scale.pagingSamples(), PARTITIONS);
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
                    String token = api.page(server.dataUrl() + "students", "offset", Integer.toString(offset - LIMIT), "limit", Integer.toString(LIMIT))
                            .nextPageToken().orElseThrow(() -> new IllegalStateException("no Next-Page-Token at offset " + offset));
                    Timed<Load.Outcome> cursor = cpu.measure(() -> Load.serial(scale.pagingSamples(),
                            (c, i) -> api.page(server.dataUrl() + "students", "pageSize", Integer.toString(LIMIT), "pageToken", token).documents() == LIMIT));
                    figures.add(Measurement.of(id(), run, "GET pageToken at %,d pageSize=500".formatted(offset), Unit.MILLISECONDS,
                            cursor.result().percentiles().p50(), Optional.of(cursor.result().percentiles()), cursor.result().errors(), cursor.cpu(), ceiling));
                }
                Timed<Double> copy = cpu.measure(() -> PostgresCeiling.copyOut(server.jdbcUrl(), "students"));
                String copyCeiling = "ceiling: COPY TO, the whole collection";
                figures.add(Measurement.ceiling(id(), run, copyCeiling, Unit.PER_SECOND, copy.result(), Optional.empty(), copy.cpu()));
                for (int partitions : PARTITIONS) {
                    Timed<Extraction> extraction = cpu.measure(() -> extract(api, server.dataUrl() + "students", partitions));
                    long expected = scale.pagingDocuments() + LIMIT;
                    figures.add(Measurement.of(id(), run, "extraction, %d partition%s".formatted(partitions, partitions == 1 ? "" : "s"), Unit.PER_SECOND,
                            extraction.result().documents() / extraction.seconds(), Optional.empty(),
                            extraction.result().errors() + Math.abs(expected - extraction.result().documents()), extraction.cpu(), copyCeiling));
                }
            }
        }
        return figures;
    }

    /** What an extraction read: documents, and requests that failed. */
    private record Extraction(long documents, long errors) {}

    /** Asks for {@code partitions} tokens, then walks each in a virtual thread of its own until a page comes without a next token. */
    private static Extraction extract(LoadClient api, String collection, int partitions) throws Exception {
        List<String> tokens = new ArrayList<>();
        MessageCodec.MAPPER.readTree(api.body(collection + "/partitions", "number", Integer.toString(partitions))).path("pageTokens")
                .forEach(t -> tokens.add(t.asText()));
        AtomicLong documents = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String first : tokens) {
                workers.submit(() -> {
                    Optional<String> token = Optional.of(first);
                    while (token.isPresent()) {
                        LoadClient.Page page = api.page(collection, "pageSize", Integer.toString(LIMIT), "pageToken", token.get());
                        if (page.status() != 200) {
                            errors.incrementAndGet();
                            return;
                        }
                        documents.addAndGet(page.documents());
                        token = page.nextPageToken();
                    }
                });
            }
        }
        return new Extraction(documents.get(), errors.get());
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
