package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DependencyOrder;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Loads Ed-Fi XML (descriptor and interchange files) and JSON Lines files of Ed-Fi documents (what
 * {@code dms generate} writes) through a {@link Transport}, in the ApiSchema's dependency order.
 * Both are {@link SourceFile}s: the loader sees records with a resource, a position and a document.
 *
 * <ol>
 *   <li>Scan: stream every file once, noting which resources each holds and how many records (XML
 *       files also note the records that carry an {@code id} attribute, the targets of {@code ref}
 *       references).</li>
 *   <li>Load, one dependency level at a time: stream the files that hold the level's resources,
 *       turn each record into its JSON document and send it; up to {@code concurrency} documents are
 *       in flight at once, since resources of one level never reference each other.</li>
 *   <li>Retry, within a level, the documents refused for references that did not exist yet
 *       (resources that reference themselves, like a learning standard and its parent), as long as
 *       each round loads something.</li>
 * </ol>
 * Memory holds the id-bearing XML records and one level's retries, never a whole file. School years
 * referenced by the data are created first when the data does not hold them, as an Ed-Fi ODS/API
 * has them seeded.
 *
 * <p>A rejected record is noted and passed over; a transport that cannot go on
 * ({@link LoadStoppedException}) stops the load: nothing more is sent, the documents in flight end,
 * and the exception leaves {@link #load}.
 */
public final class BulkLoader {

    /** Documents in flight over HTTP by default: requests at once. */
    public static final int DEFAULT_HTTP_IN_FLIGHT = 16;
    /**
     * Documents in flight over Kafka by default: commands sent and not yet answered. The processor
     * answers a transaction's commands at once, so this is also the most one of its transactions
     * carries: enough for a backlog to form (docs/loading.md).
     */
    public static final int DEFAULT_KAFKA_IN_FLIGHT = 512;

    private final ApiSchema schema;
    private final Transport transport;
    private final RejectLog rejects;
    private final LoadReport report;
    private final int concurrency;
    private final Map<Integer, Outcome> schoolYears = new ConcurrentHashMap<>();
    private final Map<ResourceSchema, List<SchoolYearField>> schoolYearFields = new ConcurrentHashMap<>();

    public BulkLoader(ApiSchema schema, Transport transport, RejectLog rejects, LoadReport report, int concurrency) {
        this.schema = schema;
        this.transport = transport;
        this.rejects = rejects;
        this.report = report;
        this.concurrency = concurrency;
    }

    /** The XML and JSON Lines files under {@code paths} (files as given, folders searched), each once. */
    public static List<Path> inputFiles(List<Path> paths) {
        return SourceFiles.find(paths);
    }

    /** One record waiting to be sent: where it came from and what it became. */
    private record Pending(Path file, int position, ResourceSchema resource, ObjectNode document) {}

    /**
     * Loads the files, each read as JSON Lines when its name ends in {@code .jsonl}, as Ed-Fi XML otherwise.
     *
     * @throws IllegalArgumentException before anything is sent, when a JSON Lines file's name names no resource
     * @throws LoadStoppedException when the transport cannot go on; what was loaded until then stays loaded
     */
    public void load(List<Path> files) throws InterruptedException {
        Scan scan = scan(SourceFiles.open(files, schema));
        report.expect(scan.records);
        Map<Integer, List<ResourceSchema>> levels = new TreeMap<>();
        DependencyOrder order = schema.dependencyOrder();
        for (ResourceSchema resource : scan.filesByResource.keySet()) {
            levels.computeIfAbsent(order.entryFor(resource).order(), l -> new ArrayList<>()).add(resource);
        }
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<ResourceSchema> level : levels.values()) {
                loadLevel(level, scan, senders);
            }
        }
    }

    private void loadLevel(List<ResourceSchema> level, Scan scan, ExecutorService senders) throws InterruptedException {
        Set<SourceFile> files = new LinkedHashSet<>();
        level.forEach(resource -> files.addAll(scan.filesByResource.get(resource)));
        Set<ResourceSchema> resources = Set.copyOf(level);
        Sender sender = new Sender(senders);
        for (SourceFile file : files) {
            file.forEach(record -> {
                ResourceSchema resource = record.resource().orElse(null);
                if (resource == null || !resources.contains(resource)) {
                    return;
                }
                report.read(resource.endpointName());
                try {
                    sender.submit(new Pending(file.path(), record.position(), resource, record.document()));
                } catch (SourceRecord.UnreadableRecordException e) {
                    reject(new Pending(file.path(), record.position(), resource, null), new Outcome(0, problem(e.getMessage())));
                }
            });
        }
        // Rounds over what referenced documents of its own level not loaded yet, while each round loads something.
        List<Refused> round = sender.awaitRefused();
        while (!round.isEmpty()) {
            round.forEach(refused -> sender.submit(refused.pending()));
            List<Refused> again = sender.awaitRefused();
            if (again.size() == round.size()) {
                again.forEach(refused -> settle(refused.pending(), refused.outcome()));
                return;
            }
            round = again;
        }
    }

    /** A document refused because a document it references is not loaded yet. */
    private record Refused(Pending pending, Outcome outcome) {}

    /** Sends documents from virtual threads, at most {@code concurrency} at once, and sets aside those that wait for others. */
    private final class Sender {
        private final ExecutorService threads;
        private final Semaphore inFlight = new Semaphore(concurrency);
        private final Queue<Refused> refused = new ConcurrentLinkedQueue<>();
        private volatile LoadStoppedException stopped;

        Sender(ExecutorService threads) {
            this.threads = threads;
        }

        void submit(Pending pending) {
            inFlight.acquireUninterruptibly();
            throwIfStopped();
            threads.submit(() -> {
                try {
                    Outcome outcome = send(pending);
                    if (outcome.unresolvedReference()) {
                        refused.add(new Refused(pending, outcome));
                    } else {
                        settle(pending, outcome);
                    }
                } catch (LoadStoppedException e) {
                    stopped = e;
                } finally {
                    inFlight.release();
                }
                return null;
            });
        }

        private void throwIfStopped() {
            if (stopped != null) {
                inFlight.release();
                throw stopped;
            }
        }

        /** Waits for everything submitted; returns (and forgets) what was refused for missing references. */
        List<Refused> awaitRefused() throws InterruptedException {
            inFlight.acquire(concurrency);
            inFlight.release(concurrency);
            if (stopped != null) {
                throw stopped;
            }
            List<Refused> waiting = new ArrayList<>(refused);
            refused.clear();
            return waiting;
        }
    }

    private Outcome send(Pending pending) throws InterruptedException {
        ensureSchoolYears(pending.resource(), pending.document());
        return transport.upsert(pending.resource(), pending.document());
    }

    private void settle(Pending pending, Outcome outcome) {
        if (outcome.accepted()) {
            report.outcome(pending.resource().endpointName(), outcome);
            if (pending.resource().isSchoolYearEnumeration()) {
                noteSchoolYear(pending.resource(), pending.document(), outcome);
            }
        } else {
            reject(pending, outcome);
        }
    }

    private void reject(Pending pending, Outcome outcome) {
        report.rejected(pending.resource().endpointName());
        rejects.reject(pending.file(), pending.position(), pending.resource().endpointName(), outcome.status(), outcome.problem());
    }

    /** A school year the data holds itself (dms generate writes them) is not created again. */
    private void noteSchoolYear(ResourceSchema schoolYearType, ObjectNode document, Outcome outcome) {
        for (JsonPath path : schoolYearType.identityPaths()) {
            JsonNode year = path.value(document);
            if (year != null && year.canConvertToInt()) {
                schoolYears.putIfAbsent(year.asInt(), outcome);
            }
        }
    }

    /**
     * Creates, once per load, each school year the document references. An Ed-Fi ODS/API comes with
     * its school years; interchange files never carry them.
     */
    private void ensureSchoolYears(ResourceSchema resource, ObjectNode document) throws InterruptedException {
        for (SchoolYearField field : schoolYearFields.computeIfAbsent(resource, this::schoolYearFields)) {
            for (JsonNode year : field.path().values(document)) {
                if (year.canConvertToInt() && !schoolYears.containsKey(year.asInt())) {
                    createSchoolYear(field.enumeration(), year.asInt());
                }
            }
        }
    }

    /** Where a resource's documents carry a school year, and the school year enumeration it names. */
    private record SchoolYearField(ResourceSchema enumeration, JsonPath path) {}

    /** Worked out once per resource: the fields of its references to the school year enumeration. */
    private List<SchoolYearField> schoolYearFields(ResourceSchema resource) {
        List<SchoolYearField> fields = new ArrayList<>();
        for (ReferenceDefinition reference : resource.references()) {
            schema.findResource(reference.target()).filter(ResourceSchema::isSchoolYearEnumeration)
                    .ifPresent(enumeration -> reference.fields().forEach(f -> fields.add(new SchoolYearField(enumeration, f.referencePath()))));
        }
        return List.copyOf(fields);
    }

    private synchronized void createSchoolYear(ResourceSchema schoolYearType, int year) throws InterruptedException {
        if (schoolYears.containsKey(year)) {
            return;
        }
        ObjectNode document = MessageCodec.MAPPER.createObjectNode()
                .put("schoolYear", year).put("currentSchoolYear", false).put("schoolYearDescription", (year - 1) + "-" + year);
        Outcome outcome = transport.upsert(schoolYearType, document);
        schoolYears.put(year, outcome);
        report.read(schoolYearType.endpointName());
        if (outcome.accepted()) {
            report.outcome(schoolYearType.endpointName(), outcome);
        } else {
            report.rejected(schoolYearType.endpointName());
            rejects.reject(Path.of("(school years)"), year, schoolYearType.endpointName(), outcome.status(), outcome.problem());
        }
    }

    /** What the first pass learns. */
    private static final class Scan {
        final Map<ResourceSchema, Set<SourceFile>> filesByResource = new LinkedHashMap<>();
        long records;
    }

    private Scan scan(List<SourceFile> files) {
        Scan scan = new Scan();
        for (SourceFile file : files) {
            file.forEach(record -> {
                Optional<ResourceSchema> resource = record.resource();
                scan.records++;
                if (resource.isEmpty()) {
                    // Nothing is dropped silently: say what was passed over and why.
                    report.skipped(record.name());
                    rejects.reject(file.path(), record.position(), record.name(), 0,
                            problem("Skipped: " + record.name() + " is not a resource of the loaded ApiSchema."));
                    return;
                }
                scan.filesByResource.computeIfAbsent(resource.get(), r -> new LinkedHashSet<>()).add(file);
            });
        }
        return scan;
    }

    private static JsonNode problem(String detail) {
        return MessageCodec.MAPPER.createObjectNode().put("detail", detail);
    }
}
