package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.FreePorts;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.Scenario;
import org.edfi.dms.processor.DocumentsChangelog;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;

/**
 * The fault harness ({@code dms soak}): the production shape on the embedded infrastructure (a KRaft
 * broker in a JVM of its own, PostgreSQL), the roles in JVMs of their own (a Kafka Connect worker with
 * the CDC connectors, an API node, two processor nodes with node ids of their own, a sink node), a
 * generated load over HTTP and Kafka while a chaos loop kills each role, the broker and PostgreSQL in
 * turn and then all the roles at once, an instance purged mid-load, and at the end a full scan of the
 * stores against every acknowledged write, and of the processor's changelog and the analytics topic
 * against the stores ({@link SoakChecker}).
 */
public final class Soak {

    static final InstanceId MAIN = InstanceId.DEFAULT;
    static final InstanceId PURGED = new InstanceId("purge", "default");
    private static final String MAIN_PREFIX = "/default";
    private static final String PURGED_PREFIX = "/purge";
    /** Documents written to the purged instance before its purge. */
    private static final int BEFORE_PURGE = 60;
    /** Documents without references written again after the purge: each must be new (201). */
    private static final int AFTER_PURGE = 3;
    private static final List<String> JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    private static final List<String> BROKER_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final SoakPlan plan;
    private final PrintStream out;

    public Soak(SoakPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    public SoakReport run() throws Exception {
        Instant began = Instant.now();
        Files.createDirectories(plan.workDir());
        ApiSchema schema = ApiSchemaLoader.load(plan.apiSchemas());
        List<GeneratedFile> files = generate(schema);
        long generated = files.stream().mapToLong(f -> f.documents().size()).sum();

        // The broker in a JVM of its own and PostgreSQL's own processes, so that the chaos loop can kill them too.
        try (RoleProcess broker = started(RoleProcess.start("kafka", RoleProcess.javaCommand(plan.home(), BROKER_JVM_OPTIONS,
                        KafkaBroker.class.getName(), List.of(plan.workDir().resolve("kafka").toString())), log("kafka"), ChaosLoop.READY_WITHIN));
                KillablePostgres postgres = new KillablePostgres(plan.workDir().resolve("postgres"))) {
            String bootstrapServers = EmbeddedKafka.bootstrapServersOf(plan.workDir().resolve("kafka")).orElseThrow();
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
            String adminSecret = UUID.randomUUID().toString();
            List<Integer> free = FreePorts.take(2);
            int apiPort = free.get(0);
            int connectPort = free.get(1);
            List<RoleProcess> roles = new ArrayList<>();
            try {
                out.println("soak: starting the roles, each in a JVM of its own (logs in " + plan.workDir().resolve("logs") + ")");
                // Connect first: the API node registers the CDC connector of each instance it provisions there.
                roles.add(started(RoleProcess.start("connect", RoleProcess.javaCommand(plan.home(), JVM_OPTIONS, ConnectWorker.class.getName(),
                        List.of(bootstrapServers, String.valueOf(connectPort))), log("connect"), ChaosLoop.READY_WITHIN)));
                roles.add(role("api", bootstrapServers, server, List.of("--port", String.valueOf(apiPort), "--node-id", "api-1",
                        "--admin-client-id", "soak-admin", "--admin-client-secret", adminSecret, "--connect-url", "http://127.0.0.1:" + connectPort)));
                // The others side by side: each waits on nothing but the configuration store the API node made.
                List<CompletableFuture<RoleProcess>> others = new ArrayList<>();
                for (String name : List.of("processor-1", "processor-2", "sink")) {
                    // The load's Kafka-native share is dms load --via kafka's full-access commands, which a deployment that
                    // loads over Kafka lets its processors accept (docs/operations.md#securing-the-deployment).
                    List<String> own = name.equals("sink") ? List.of()
                            : List.of("--node-id", name, "--processor-accept-unscoped-commands", "true");
                    others.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return role(name, bootstrapServers, server, own);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                RuntimeException failed = null;
                for (CompletableFuture<RoleProcess> other : others) {
                    try {
                        roles.add(other.join()); // every started one, to be stopped at the end
                    } catch (RuntimeException e) {
                        failed = failed == null ? e : failed;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
                String base = "http://127.0.0.1:" + apiPort;
                AtomicLong retries = new AtomicLong();
                try (Writes admin = new Writes(new ApiClient(base, "soak-admin", adminSecret), bootstrapServers, retries)) {
                    ApiClient loadClient = setUp(admin, base);
                    Ledger ledger = new Ledger();
                    ledger.retries.set(0);
                    try (Writes writes = new Writes(loadClient, bootstrapServers, ledger.retries)) {
                        return soak(began, schema, files, generated, roles, List.of(broker, postgres), writes, admin, ledger, server, bootstrapServers);
                    }
                }
            } finally {
                for (RoleProcess role : roles.reversed()) {
                    role.close();
                }
            }
        }
    }

    private SoakReport soak(Instant began, ApiSchema schema, List<GeneratedFile> files, long generated, List<RoleProcess> roles,
            List<Killable> infrastructure, Writes writes,
            Writes admin, Ledger ledger, PostgresServer server, String bootstrapServers) throws Exception {
        long start = System.nanoTime();
        LoadDriver driver = new LoadDriver(writes, ledger, SoakPlan.CONCURRENCY);
        PurgeProbe purge = new PurgeProbe(driver, admin, ledger, files);
        ChaosLoop chaos = new ChaosLoop(roles, infrastructure, plan.killEvery(), out);
        chaos.start();
        try {
            CompletableFuture<Void> purging = CompletableFuture.runAsync(purge::run);
            out.printf(Locale.ROOT, "soak: loading %,d documents (one in %d over Kafka)%n", generated, plan.kafkaShare());
            driver.create(MAIN, MAIN_PREFIX, files, plan.kafkaShare());
            purging.join();
            int perKind = (int) Math.max(5, plan.documents() / 200);
            long deadline = start + plan.minutes().toNanos();
            long cap = deadline + Duration.ofMinutes(15).toNanos();
            int round = 0;
            while ((System.nanoTime() < deadline || !chaos.everyRoleSurvivedOnce()) && System.nanoTime() < cap) {
                driver.changeRound(MAIN, MAIN_PREFIX, ++round, perKind);
                if (round % 10 == 0) {
                    out.printf(Locale.ROOT, "soak: %4.0f s  %d rounds of changes, %,d updates, %,d key changes, %,d deletes%n",
                            (System.nanoTime() - start) / 1e9, round, ledger.updates.get(), ledger.keyChanges.get(), ledger.deletes.get());
                }
            }
        } finally {
            chaos.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (Killable process : concat(infrastructure, roles)) {
            if (!process.isAlive()) {
                process.start(ChaosLoop.READY_WITHIN);
            }
        }
        out.println("soak: load and chaos done; waiting for the store to catch up, then checking");
        long catchUpStart = System.nanoTime();
        Map<String, SoakChecker.Findings> findings = caughtUp(new SoakChecker(schema), server, bootstrapServers, ledger, purge);
        Duration catchUp = Duration.ofNanos(System.nanoTime() - catchUpStart);
        return new SoakReport(began, elapsed, machine(), plan, generated, ledger.httpWrites.get(), ledger.kafkaWrites.get(), ledger.updates.get(),
                ledger.keyChanges.get(), ledger.deletes.get(), ledger.retries.get(), writes.refused() + admin.refused(),
                concat(writes.refusalExamples(), admin.refusalExamples()), ledger.uncertainCount(), chaos.survived(), chaos.failedRestarts(),
                purge.purges(), purge.remembered(), findings, catchUp);
    }

    /** The findings once the store and its copies stop changing (or are clean), at most five minutes after the load. */
    private Map<String, SoakChecker.Findings> caughtUp(SoakChecker checker, PostgresServer server, String bootstrapServers, Ledger ledger,
            PurgeProbe purge) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Map<String, SoakChecker.Findings> last = null;
        long stableSince = System.nanoTime();
        while (true) {
            Map<String, SoakChecker.Findings> findings = new LinkedHashMap<>();
            findings.put(MAIN.tenant() + "/" + MAIN.instance(), checker.check(server.jdbcUrl(InstanceStore.ownDatabase(MAIN)), ledger.documents(MAIN),
                    List.of(), copies(bootstrapServers, MAIN)));
            findings.put(PURGED.tenant() + "/" + PURGED.instance(), checker.check(server.jdbcUrl(InstanceStore.ownDatabase(PURGED)),
                    ledger.documents(PURGED), purge.purged(), copies(bootstrapServers, PURGED)));
            long faults = findings.values().stream().mapToLong(SoakChecker.Findings::faults).sum();
            if (last == null || !sameStore(last, findings)) {
                stableSince = System.nanoTime();
            }
            if (faults == 0 || System.nanoTime() - stableSince > Duration.ofSeconds(30).toNanos() || System.nanoTime() > deadline) {
                return findings;
            }
            last = findings;
            Thread.sleep(2_000);
        }
    }

    /** The processor's changelog and the analytics topic of {@code instance}, read to their ends. */
    private static SoakChecker.Copies copies(String bootstrapServers, InstanceId instance) {
        DocumentsChangelog state = new DocumentsChangelog();
        TopicScan.readAll(bootstrapServers, DocumentsChangelog.topic(instance), Duration.ofMinutes(2), state::apply);
        AnalyticsChanges analytics = new AnalyticsChanges();
        TopicScan.readAll(bootstrapServers, new InstanceTopics(instance).changes(), Duration.ofMinutes(2), analytics::apply);
        return new SoakChecker.Copies(state.documents(), state.changeVersion(), analytics);
    }

    private static boolean sameStore(Map<String, SoakChecker.Findings> before, Map<String, SoakChecker.Findings> now) {
        for (String instance : now.keySet()) {
            SoakChecker.Findings a = before.get(instance), b = now.get(instance);
            if (a.storedDocuments() != b.storedDocuments() || a.newestChangeVersion() != b.newestChangeVersion() || a.faults() != b.faults()) {
                return false;
            }
        }
        return true;
    }

    /** Generates at least {@code plan.documents()} documents with the built-in district, or reads them when this work dir has them. */
    private List<GeneratedFile> generate(ApiSchema schema) throws Exception {
        Path directory = plan.workDir().resolve("generated");
        Scenario scenario = Scenario.builtIn();
        long scale = Math.max(1, plan.documents() / 10);
        DataGenerator generator = new DataGenerator(schema, scenario, scale, plan.seed());
        while (generator.plan().documents() < plan.documents()) {
            scale = Math.max(scale + 1, scale * plan.documents() / generator.plan().documents());
            generator = new DataGenerator(schema, scenario, scale, plan.seed());
        }
        out.printf(Locale.ROOT, "soak: generating %,d documents (district, scale %,d, seed %d) into %s%n", generator.plan().documents(), scale,
                plan.seed(), directory);
        generator.generate(directory, written -> {});
        return GeneratedFile.readAll(directory, schema);
    }

    /** A role's JVM, started and ready. */
    private RoleProcess role(String name, String bootstrapServers, PostgresServer server, List<String> own) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--kafka-bootstrap-servers", bootstrapServers, "--postgres-url", server.url(),
                "--data-dir", plan.workDir().resolve(name).toString()));
        if (!own.contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        plan.apiSchemas().forEach(schema -> args.addAll(List.of("--api-schema", schema.toString())));
        args.addAll(own);
        String role = name.replaceAll("-\\d+$", "");
        return started(RoleProcess.start(name, RoleProcess.dmsCommand(plan.home(), JVM_OPTIONS, role, args), log(name), ChaosLoop.READY_WITHIN));
    }

    private RoleProcess started(RoleProcess process) {
        out.println("soak: " + process.name() + " ready");
        return process;
    }

    private Path log(String name) {
        return plan.workDir().resolve("logs").resolve(name + ".log");
    }

    /** The purged instance, and a client of the load with full access to both instances. */
    private ApiClient setUp(Writes admin, String base) throws Exception {
        expect(admin.http("POST", "/admin/instances", "{\"tenant\": \"purge\"}"), "create the instance purge/default");
        expect(admin.http("POST", "/admin/vendors", "{\"name\": \"Soak\"}"), "create a vendor");
        expect(admin.http("POST", "/admin/applications", "{\"vendor\": \"Soak\", \"name\": \"Soak load\", \"claimSet\": \"full-access\"}"),
                "create an application");
        Writes.Result client = expect(admin.http("POST", "/admin/clients",
                "{\"vendor\": \"Soak\", \"application\": \"Soak load\", \"instances\": [\"default/default\", \"purge/default\"]}"), "create a client");
        JsonNode credentials = MessageCodec.MAPPER.readTree(client.body());
        return new ApiClient(base, credentials.path("clientId").asText(), credentials.path("clientSecret").asText());
    }

    private static Writes.Result expect(Writes.Result result, String what) {
        if (!result.acknowledged()) {
            throw new IllegalStateException("soak: could not " + what + ": " + result.status() + " " + result.body());
        }
        return result;
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, %d MiB heap for the harness", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Instance purge/default during the load: documents written to it, the instance purged (the same
     * request again until it answers, as the admin API asks), then the first few documents written
     * again, each of which must be created anew (201): a 200 means a processor remembered a purged key.
     */
    private static final class PurgeProbe {

        private final LoadDriver driver;
        private final Writes admin;
        private final Ledger ledger;
        private final List<GeneratedFile> files;
        private final List<SoakChecker.Written> purged = new ArrayList<>();
        private volatile long purges;
        private volatile long remembered;

        PurgeProbe(LoadDriver driver, Writes admin, Ledger ledger, List<GeneratedFile> files) {
            this.driver = driver;
            this.admin = admin;
            this.ledger = ledger;
            this.files = files;
        }

        void run() {
            try {
                Ledger before = new Ledger();
                List<GeneratedFile> firstFiles = new ArrayList<>();
                int count = 0;
                for (GeneratedFile file : files) {
                    if (count >= BEFORE_PURGE) {
                        break;
                    }
                    List<ObjectNode> some = file.documents().subList(0, (int) Math.min(file.documents().size(), BEFORE_PURGE - count));
                    firstFiles.add(new GeneratedFile(file.resource(), some));
                    count += some.size();
                }
                new LoadDriver(writesOf(driver), before, SoakPlan.CONCURRENCY).create(PURGED, PURGED_PREFIX, firstFiles, 0);
                before.documents().forEach(d -> purged.add(new SoakChecker.Written(d.resource, d.body())));
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (true) {
                    Writes.Result result = admin.http("POST", "/admin/instances/purge/default/purge", null);
                    if (result.acknowledged()) {
                        purges++;
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the purge did not succeed: " + result.status() + " " + result.body());
                    }
                    Thread.sleep(1_000); // 409: another operation under way
                }
                GeneratedFile first = firstFiles.getFirst();
                for (ObjectNode body : first.documents().subList(0, Math.min(AFTER_PURGE, first.documents().size()))) {
                    writeAgain(first, body);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void writeAgain(GeneratedFile file, ObjectNode body) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (true) {
                Writes.Result result = writesOf(driver).http("POST", file.collection(PURGED_PREFIX), body.toString());
                if (result.acknowledged()) {
                    if (result.status() == 200 && !result.retried()) {
                        remembered++;
                    }
                    ledger.created(PURGED, file.resource(), "http", body, result.documentId());
                    return;
                }
                if (result.status() != 404 || System.nanoTime() > deadline) {
                    return; // 404: the instance is not yet ready again on the API node
                }
                Thread.sleep(500);
            }
        }

        private static Writes writesOf(LoadDriver driver) {
            return driver.writes();
        }

        List<SoakChecker.Written> purged() {
            return List.copyOf(purged);
        }

        long purges() {
            return purges;
        }

        long remembered() {
            return remembered;
        }
    }
}
