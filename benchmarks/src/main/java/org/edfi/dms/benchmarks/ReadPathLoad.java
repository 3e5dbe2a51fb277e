package org.edfi.dms.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.edfi.dms.app.Databases;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.messages.DocumentEnvelope;
import org.edfi.dms.messages.InstanceStore;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.query.DocumentReader;
import org.edfi.dms.query.ReadPipeline;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.sink.DocumentWriter;
import org.edfi.dms.sink.StoreSchema;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * The store and read path over N StudentSchoolAssociations in an embedded PostgreSQL: the sink's
 * documents per second against PostgreSQL COPY of the same rows, then GET by id, a selective GET
 * by query and a deep page through the read pipeline (the HTTP layer's work without HTTP), each
 * beside the equivalent raw SQL on the same database.
 *
 * <p>Usage: {@code ReadPathLoad [DOCUMENTS] [SAMPLES]} (defaults 1000000 and 2000).
 */
public final class ReadPathLoad {

    private ReadPathLoad() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        var schema = ApiSchemaLoader.load(Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json"));
        Path dir = Files.createTempDirectory("dms-read-bench");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            postgres.createDatabase("bench");
            Jdbi jdbi = Databases.jdbi(Databases.pool(new InstanceStore("bench", "dms").onSearchPath(postgres.jdbcUrl("bench")), "bench", 4));
            StoreSchema.migrate(jdbi);
            DocumentWriter writer = new DocumentWriter(jdbi);
            List<UUID> ids = new ArrayList<>(count);

            long start = System.nanoTime();
            List<DocumentEnvelope> batch = new ArrayList<>(500);
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                batch.add(association(id, i));
                if (batch.size() == 500) {
                    writer.apply("documents", 0, batch, i + 1);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                writer.apply("documents", 0, batch, count);
            }
            double sinkRate = count / ((System.nanoTime() - start) / 1e9);
            double copyRate = copy(postgres.jdbcUrl("bench"), count);
            System.out.printf(Locale.ROOT, "load: sink %.0f documents/s; COPY of the same rows %.0f rows/s (ratio %.2f)%n",
                    sinkRate, copyRate, sinkRate / copyRate);

            jdbi.useHandle(h -> h.execute("VACUUM ANALYZE dms.document")); // what autovacuum does after a bulk load

            ReadPipeline reads = new ReadPipeline(schema, new DocumentReader(jdbi));
            Random random = new Random(42);
            report("GET by id", samples, () -> reads.getById("ed-fi", "studentSchoolAssociations",
                    ids.get(random.nextInt(count)).toString(), null).status());
            report("raw SQL by id", samples, () -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT edfi_doc::text, etag, last_modified FROM dms.document WHERE document_id = :id").bind("id", ids.get(random.nextInt(count)))
                    .mapToMap().list()).size());
            report("GET by query (studentUniqueId)", samples, () -> reads.query("ed-fi", "studentSchoolAssociations",
                    Map.of("studentUniqueId", "S" + random.nextInt(count))).status());
            report("raw SQL by query", samples, () -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT document_id, edfi_doc::text, etag, last_modified FROM dms.document WHERE project = :p AND resource = :r"
                            + " AND edfi_doc @> CAST(:f AS jsonb) ORDER BY document_seq LIMIT 25")
                    .bind("p", "ed-fi").bind("r", "studentSchoolAssociations")
                    .bind("f", "{\"studentReference\": {\"studentUniqueId\": \"S" + random.nextInt(count) + "\"}}")
                    .mapToMap().list()).size());
            // The alternative to one GIN index: an expression index per query field. Compared on the same field.
            jdbi.useHandle(h -> h.execute("CREATE INDEX student_unique_id ON dms.document ((edfi_doc -> 'studentReference' ->> 'studentUniqueId'))"));
            jdbi.useHandle(h -> h.execute("ANALYZE dms.document"));
            report("raw SQL by expression index", samples, () -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT document_id, edfi_doc::text, etag, last_modified FROM dms.document WHERE project = :p AND resource = :r"
                            + " AND edfi_doc -> 'studentReference' ->> 'studentUniqueId' = :v ORDER BY document_seq LIMIT 25")
                    .bind("p", "ed-fi").bind("r", "studentSchoolAssociations").bind("v", "S" + random.nextInt(count))
                    .mapToMap().list()).size());
            jdbi.useHandle(h -> System.out.println(h.createQuery(
                    "SELECT 'GIN index ' || pg_size_pretty(pg_relation_size('dms.document_content')) || ', one expression index '"
                            + " || pg_size_pretty(pg_relation_size('dms.student_unique_id')) || ', table ' || pg_size_pretty(pg_relation_size('dms.document'))")
                    .mapTo(String.class).one()));
            int deep = Math.min(100_000, count - 500);
            report("GET offset " + deep + " limit 500", 20, () -> reads.query("ed-fi", "studentSchoolAssociations",
                    Map.of("offset", String.valueOf(deep), "limit", "500")).status());
            report("raw SQL offset " + deep + " limit 500", 20, () -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT document_id, edfi_doc::text, etag, last_modified FROM dms.document WHERE project = :p AND resource = :r"
                            + " ORDER BY document_seq LIMIT 500 OFFSET " + deep).bind("p", "ed-fi").bind("r", "studentSchoolAssociations")
                    .mapToMap().list()).size());
        }
        System.exit(0);
    }

    private static DocumentEnvelope association(UUID id, int i) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        body.putObject("studentReference").put("studentUniqueId", "S" + i);
        body.putObject("schoolReference").put("schoolId", 255901001 + (i % 50));
        body.put("entryDate", "2021-08-23");
        body.put("entryGradeLevelDescriptor", "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade");
        body.putObject("schoolYearTypeReference").put("schoolYear", 2022);
        body.put("repeatGradeIndicator", false);
        return new DocumentEnvelope(1, id, "ed-fi", "studentSchoolAssociations", "StudentSchoolAssociation", UUID.randomUUID(),
                Map.of("$.entryDate", "2021-08-23", "$.schoolReference.schoolId", String.valueOf(255901001 + (i % 50)),
                        "$.studentReference.studentUniqueId", "S" + i),
                body, "1234567890", Instant.now(), i + 1L, false);
    }

    /** PostgreSQL COPY of rows shaped like the sink's into a table of the same columns: the physical ceiling. */
    private static double copy(String jdbcUrl, int count) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.createStatement().execute("CREATE TABLE copy_ceiling (LIKE dms.document INCLUDING DEFAULTS)");
            StringBuilder rows = new StringBuilder();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                DocumentEnvelope e = association(UUID.randomUUID(), i);
                rows.append(e.documentId()).append('\t').append(i).append('\t').append(e.project()).append('\t').append(e.resource()).append('\t')
                        .append(e.resourceName()).append('\t').append(e.referentialId()).append('\t')
                        .append(MessageCodec.encodeToString(e.identity()).replace("\\", "\\\\")).append('\t')
                        .append(MessageCodec.encodeToString(e.document()).replace("\\", "\\\\")).append('\t')
                        .append(e.etag()).append('\t').append(e.lastModified()).append('\t').append(e.changeVersion()).append('\n');
                if ((i + 1) % 50_000 == 0 || i == count - 1) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY copy_ceiling (document_id, document_seq, project, resource, resource_name, referential_id, identity, edfi_doc,"
                                    + " etag, last_modified, change_version) FROM STDIN", new StringReader(rows.toString()));
                    rows.setLength(0);
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void report(String name, int samples, IntSupplier operation) {
        for (int i = 0; i < Math.min(200, samples); i++) {
            operation.getAsInt(); // warm-up
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            operation.getAsInt();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s p50 %.2f ms, p99 %.2f ms (n=%d)%n", name, nanos[samples / 2] / 1e6, nanos[(int) (samples * 0.99)] / 1e6, samples);
    }
}
