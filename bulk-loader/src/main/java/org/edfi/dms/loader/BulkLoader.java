package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import java.util.stream.Stream;
import org.edfi.dms.loader.xml.InterchangeReader;
import org.edfi.dms.loader.xml.XmlDocumentMapper;
import org.edfi.dms.loader.xml.XmlElement;
import org.edfi.dms.loader.xml.XmlMappingException;
import org.edfi.dms.loader.xml.XmlRecord;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DependencyOrder;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Loads Ed-Fi XML (descriptor and interchange files) through a {@link Transport}, in the ApiSchema's
 * dependency order.
 *
 * <ol>
 *   <li>Scan: stream every file once, noting which resources each holds, how many records, and the
 *       records that carry an {@code id} attribute (the targets of {@code ref} references).</li>
 *   <li>Load, one dependency level at a time: stream the files that hold the level's resources,
 *       map each record to its JSON document and send it; up to {@code concurrency} documents are
 *       in flight at once, since resources of one level never reference each other.</li>
 *   <li>Retry, within a level, the documents refused for references that did not exist yet
 *       (resources that reference themselves, like a learning standard and its parent), as long as
 *       each round loads something.</li>
 * </ol>
 * Memory holds the id-bearing records and one level's retries, never a whole file. School years
 * referenced by the data are created first when missing, as an Ed-Fi ODS/API has them seeded.
 */
public final class BulkLoader {

    private final ApiSchema schema;
    private final XmlDocumentMapper mapper;
    private final Transport transport;
    private final RejectLog rejects;
    private final LoadReport report;
    private final int concurrency;
    private final Map<Integer, Outcome> schoolYears = new ConcurrentHashMap<>();
    private final Map<ResourceSchema, List<SchoolYearField>> schoolYearFields = new ConcurrentHashMap<>();

    public BulkLoader(ApiSchema schema, Transport transport, RejectLog rejects, LoadReport report, int concurrency) {
        this.schema = schema;
        this.mapper = new XmlDocumentMapper(schema);
        this.transport = transport;
        this.rejects = rejects;
        this.report = report;
        this.concurrency = concurrency;
    }

    /** The XML files under {@code paths} (files as given, folders searched), descriptor files first, each once. */
    public static List<Path> xmlFiles(List<Path> paths) {
        Set<Path> files = new LinkedHashSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(p -> p.toString().toLowerCase().endsWith(".xml") && Files.isRegularFile(p)).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                files.add(path);
            }
        }
        return List.copyOf(files);
    }

    /** One record waiting to be sent: where it came from and what it became. */
    private record Pending(XmlRecord source, ResourceSchema resource, ObjectNode document) {}

    public void load(List<Path> files) throws InterruptedException {
        Scan scan = scan(files);
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
        Set<Path> files = new LinkedHashSet<>();
        level.forEach(resource -> files.addAll(scan.filesByResource.get(resource)));
        Set<String> names = new LinkedHashSet<>();
        level.forEach(resource -> names.add(resource.name().resourceName()));
        Sender sender = new Sender(senders);
        for (Path file : files) {
            InterchangeReader.forEach(file, record -> {
                if (!names.contains(record.element().name())) {
                    return;
                }
                ResourceSchema resource = mapper.resourceNamed(record.element().name()).orElseThrow();
                report.read(resource.endpointName());
                try {
                    sender.submit(new Pending(record, resource, mapper.toDocument(resource, record.element(), id -> Optional.ofNullable(scan.withId.get(id)))));
                } catch (XmlMappingException e) {
                    reject(new Pending(record, resource, null), new Outcome(0, problem("The record could not be read as a " + resource.name().resourceName()
                            + ": " + e.getMessage())));
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

        Sender(ExecutorService threads) {
            this.threads = threads;
        }

        void submit(Pending pending) {
            inFlight.acquireUninterruptibly();
            threads.submit(() -> {
                try {
                    Outcome outcome = send(pending);
                    if (outcome.unresolvedReference()) {
                        refused.add(new Refused(pending, outcome));
                    } else {
                        settle(pending, outcome);
                    }
                } finally {
                    inFlight.release();
                }
                return null;
            });
        }

        /** Waits for everything submitted; returns (and forgets) what was refused for missing references. */
        List<Refused> awaitRefused() throws InterruptedException {
            inFlight.acquire(concurrency);
            inFlight.release(concurrency);
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
        } else {
            reject(pending, outcome);
        }
    }

    private void reject(Pending pending, Outcome outcome) {
        report.rejected(pending.resource().endpointName());
        rejects.reject(pending.source().file(), pending.source().position(), pending.resource().endpointName(), outcome.status(), outcome.problem());
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
        final Map<ResourceSchema, Set<Path>> filesByResource = new LinkedHashMap<>();
        final Map<String, XmlElement> withId = new HashMap<>();
        long records;
    }

    private Scan scan(Collection<Path> files) {
        Scan scan = new Scan();
        for (Path file : files) {
            InterchangeReader.forEach(file, record -> {
                Optional<ResourceSchema> resource = mapper.resourceNamed(record.element().name());
                scan.records++;
                if (resource.isEmpty()) {
                    // Nothing is dropped silently: say what was passed over and why.
                    report.skipped(record.element().name());
                    rejects.reject(file, record.position(), record.element().name(), 0,
                            problem("Skipped: " + record.element().name() + " is not a resource of the loaded ApiSchema."));
                    return;
                }
                scan.filesByResource.computeIfAbsent(resource.get(), r -> new LinkedHashSet<>()).add(file);
                String id = record.element().attributes().get("id");
                if (id != null) {
                    scan.withId.put(id, record.element());
                }
            });
        }
        return scan;
    }

    private static JsonNode problem(String detail) {
        return MessageCodec.MAPPER.createObjectNode().put("detail", detail);
    }
}
