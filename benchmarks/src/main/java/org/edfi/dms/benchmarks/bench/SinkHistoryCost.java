package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;
import javax.sql.DataSource;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.http.Answer;
import org.edfi.dms.query.DocumentReader;
import org.edfi.dms.query.ReadPipeline;
import org.edfi.dms.query.SnapshotRequest;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;
import org.edfi.dms.sink.SnapshotHistory;
import org.edfi.dms.sink.StoreSchema;
import org.jdbi.v3.core.Jdbi;

/**
 * What keeping snapshot history costs the store-sink alone: batches applied by {@link DocumentWriter}
 * to two stores of one PostgreSQL, one keeping replaced versions and one not, each holding the same
 * students, the store that goes first alternating. A batch of updates (500, streamed by COPY and
 * merged; 10, one multi-row INSERT), of creates (which replace nothing: the control) and of deletes.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" -Ddms.home=. org.edfi.dms.benchmarks.bench.SinkHistoryCost [DOCUMENTS] [ROUNDS]
 * </pre>
 */
public final class SinkHistoryCost {

    private SinkHistoryCost() {}

    private static final String[] KINDS = {"500 updates (COPY, merge)", "10 updates (multi-row INSERT)", "500 creates", "100 deletes"};

    /** One store: its writer, its students' ids, the next change version. */
    private static final class Side {
        final DocumentWriter writer;
        final List<UUID> ids = new ArrayList<>();
        long version;
        int deleted;

        Side(DocumentWriter writer) {
            this.writer = writer;
        }

        void apply(List<DocumentEnvelope> batch) {
            writer.apply("bench", 0, batch, version);
        }
    }

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        ApiSchema schema = ApiSchemaLoader.load(home.resolve("../shared/edfi/ds-5.0/ApiSchema.json"));
        RelationshipSecurity relationships = RelationshipSecurity.of(schema);
        Jdbi keptStore = null;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Files.createTempDirectory("dms-sink-history-cost"))) {
            List<Side> sides = new ArrayList<>();
            for (SnapshotHistory history : List.of(SnapshotHistory.NONE, new SnapshotHistory(Duration.ofHours(1)))) {
                InstanceStore store = InstanceStore.ownDatabase(new InstanceId("bench", history.kept() ? "kept" : "none"));
                postgres.createDatabase(store.database());
                DataSource source = EmbeddedPostgresServer.dataSource(store.onSearchPath(postgres.jdbcUrl(store.database())));
                StoreSchema.migrate(source);
                Jdbi jdbi = Jdbi.create(source);
                Side side = new Side(new DocumentWriter(jdbi, relationships, history));
                if (history.kept()) {
                    jdbi.useHandle(h -> h.execute("UPDATE snapshot_horizon SET oldest_change_version = 0")); // as a sink with it would start
                    keptStore = jdbi;
                }
                for (int i = 0; i < documents; i += 500) {
                    List<DocumentEnvelope> batch = new ArrayList<>();
                    for (int j = i; j < Math.min(documents, i + 500); j++) {
                        UUID id = UUID.randomUUID();
                        side.ids.add(id);
                        batch.add(student(id, "P" + j, "Lisa", ++side.version));
                    }
                    side.apply(batch);
                }
                sides.add(side);
            }
            long[][][] took = new long[2][KINDS.length][rounds];
            int warmUp = 5;
            for (int round = -warmUp; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    int s = Math.floorMod(round + turn, 2);
                    Side side = sides.get(s);
                    int from = Math.floorMod(round + warmUp, documents / 500) * 500;
                    long[] times = {
                        time(side, n -> student(side.ids.get(from + (int) n), "P" + (from + n), "Lisa " + side.version, ++side.version), 500),
                        time(side, n -> student(side.ids.get(from + (int) n), "P" + (from + n), "Lisa " + side.version, ++side.version), 10),
                        time(side, n -> student(UUID.randomUUID(), "C" + side.version, "New", ++side.version), 500),
                        time(side, n -> deletion(side.ids.get(documents - 1 - side.deleted++), ++side.version), 100),
                    };
                    if (round >= 0) {
                        for (int k = 0; k < KINDS.length; k++) {
                            took[s][k][round] = times[k];
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%,d students in each store, %d rounds after %d of warm-up, the store that goes first alternating%n",
                    documents, rounds, warmUp);
            System.out.println("| batch | no history: p50 (p95) | history kept: p50 (p95) | p50 difference |");
            System.out.println("|---|---:|---:|---:|");
            for (int k = 0; k < KINDS.length; k++) {
                Measurement.Percentiles none = Measurement.Percentiles.ofNanos(took[0][k]);
                Measurement.Percentiles kept = Measurement.Percentiles.ofNanos(took[1][k]);
                System.out.printf(Locale.ROOT, "| %s | %.2f ms (%.2f) | %.2f ms (%.2f) | %+.0f%% |%n", KINDS[k], none.p50(), none.p95(), kept.p50(),
                        kept.p95(), 100 * (kept.p50() / none.p50() - 1));
            }
            pages(new ReadPipeline(schema, new DocumentReader(keptStore)), keptStore, rounds);
        }
    }

    /**
     * A page of 500 students by cursor, live and as of a snapshot, at the start and in the middle of
     * the collection (a /partitions token), in the store that kept the history of the rounds above.
     */
    private static void pages(ReadPipeline pipeline, Jdbi store, int rounds) {
        // The sink's position, which a snapshot is taken at: the writer's batches recorded it.
        long history = store.withHandle(h -> h.createQuery("SELECT count(*) FROM document_history").mapTo(Long.class).one());
        SnapshotRequest snapshot = new SnapshotRequest("true", null);
        String[] names = {"first page", "middle page"};
        long[][][] took = new long[2][2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int s = (round + turn) % 2;
                SnapshotRequest request = s == 0 ? SnapshotRequest.NONE : snapshot;
                String middle;
                Answer partitions = pipeline.partitions("ed-fi", "students", Map.of("number", "2"), null, request);
                try {
                    middle = MessageCodec.MAPPER.readTree(partitions.body()).path("pageTokens").get(1).asText();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                for (int p = 0; p < 2; p++) {
                    Map<String, String> parameters = p == 0 ? Map.of("pageSize", "500") : Map.of("pageSize", "500", "pageToken", middle);
                    long start = System.nanoTime();
                    Answer page = pipeline.query("ed-fi", "students", parameters, null, request);
                    took[s][p][round] = System.nanoTime() - start;
                    if (page.status() != 200) {
                        throw new IllegalStateException("a page answered " + page.status() + ": " + page.body());
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nReads through the query pipeline (no HTTP) of the store keeping history (%,d replaced versions), %d rounds%n",
                history, rounds);
        System.out.println("| page of 500 by cursor | live: p50 (p95) | as of a snapshot: p50 (p95) |");
        System.out.println("|---|---:|---:|");
        for (int p = 0; p < 2; p++) {
            Measurement.Percentiles live = Measurement.Percentiles.ofNanos(took[0][p]);
            Measurement.Percentiles asOf = Measurement.Percentiles.ofNanos(took[1][p]);
            System.out.printf(Locale.ROOT, "| %s | %.2f ms (%.2f) | %.2f ms (%.2f) |%n", names[p], live.p50(), live.p95(), asOf.p50(), asOf.p95());
        }
        if (Boolean.getBoolean("pause")) {
            System.out.println("paused for psql: " + store.withHandle(h -> h.createQuery("SELECT current_database() || ' port ' || inet_server_port()").mapTo(String.class).one()));
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long time(Side side, LongFunction<DocumentEnvelope> change, int count) {
        List<DocumentEnvelope> batch = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            batch.add(change.apply(n));
        }
        long start = System.nanoTime();
        side.apply(batch);
        return System.nanoTime() - start;
    }

    private static DocumentEnvelope student(UUID id, String uniqueId, String firstName, long version) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.put("studentUniqueId", uniqueId).put("firstName", firstName).put("lastSurname", "Woods").put("birthDate", "2010-01-13")
                .put("birthSexDescriptor", "uri://ed-fi.org/SexDescriptor#Female");
        return new DocumentEnvelope(1, id, "ed-fi", "students", "Student", UUID.randomUUID(), Map.of("$.studentUniqueId", uniqueId), body,
                Long.toString(version), Instant.now(), version, false, "1");
    }

    private static DocumentEnvelope deletion(UUID id, long version) {
        return new DocumentEnvelope(1, id, "ed-fi", "students", "Student", UUID.randomUUID(), Map.of("$.studentUniqueId", "gone"), null, null,
                Instant.now(), version, true, null);
    }
}
