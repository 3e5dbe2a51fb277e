package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.List;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.security.ClaimsFile;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.http.CorrelationHeader;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.sink.SnapshotHistory;
import picocli.CommandLine.Command;

/** {@code dms run}: the whole system in one JVM, until stopped. */
@Command(name = "run", abbreviateSynopsis = true, description = {
        "Run everything in one JVM: Kafka, PostgreSQL, Kafka Connect with Debezium, every role and the HTTP API",
        "",
        """
        Starts the embedded default in this JVM: an Apache Kafka broker (KRaft) and PostgreSQL on
        127.0.0.1, a Kafka Connect worker with the Debezium connector that feeds the analytics topic
        edfi.default.default.documents, the integrity processor and store-sink of the default
        instance, and the Ed-Fi API over HTTP (/data/{project}/{resource}[/{id}], also /data/v3/...).
        Data is kept in the data directory between runs. Stop it with Ctrl-C (SIGTERM): requests
        in flight finish and every part commits before it exits."""})
public final class RunCommand extends ServiceCommand {

    public RunCommand(SettingsLoader loader, PrintStream out, PrintStream err) {
        super(loader, List.of(Setting.PORT, Setting.HOST, Setting.DATA_DIR, Setting.API_SCHEMA, Setting.XSD, Setting.RESULT_TIMEOUT_MS,
                Setting.COMMIT_INTERVAL_MS, Setting.TENANTS, Setting.ROUTE_QUALIFIERS, Setting.CLIENT_ID, Setting.CLIENT_SECRET,
                Setting.TOKEN_LIFETIME_S, Setting.CLAIMS, Setting.CLAIMS_SCHEMA, Setting.RATE_LIMIT, Setting.LOG_FORMAT, Setting.OTEL_ENDPOINT,
                Setting.SNAPSHOT_RETENTION_S, Setting.KAFKA_MAX_MESSAGE_BYTES, Setting.MAX_CASCADE_DOCUMENTS), out, err);
    }

    @Override
    AutoCloseable start(Settings settings, ApiSchema schema) throws InterruptedException {
        long start = System.nanoTime();
        if (settings.clientId().isPresent() != settings.clientSecret().isPresent()) {
            throw new SettingsException("give both the development client's id and secret (--client-id and --client-secret), or neither");
        }
        DevelopmentClient client = DevelopmentClient.resolve(settings.dataDir(), settings.clientId(), settings.clientSecret());
        EmbeddedStack stack = EmbeddedStack.start(schema, settings.dataDir(), settings.host(), settings.port(), settings.resultTimeout(),
                settings.commitInterval(), new Node.Routing(settings.tenants(), settings.routeQualifiers()), client,
                ClaimsFile.load(settings.claims(), settings.claimsSchema()), new Node.Observability(settings.otelEndpoint(), true, CorrelationHeader.of(settings.correlationHeader())),
                new SnapshotHistory(settings.snapshotRetention()), RoleCommand.limits(settings));
        out.printf("Ed-Fi API ready at http://%s:%d/data/ in %.1f s (data in %s; Kafka at %s)%n", settings.host(), stack.port(),
                (System.nanoTime() - start) / 1e9, settings.dataDir(), stack.bootstrapServers());
        out.println(client.madeUp()
                ? "Development client (made up for this data directory, saved in " + client.savedIn() + "): client id "
                        + client.credentials().clientId() + ", client secret " + client.credentials().clientSecret()
                : "Development client: client id " + client.credentials().clientId()
                        + (settings.clientId().isPresent() ? " (from the settings)" : " (its secret is in " + client.savedIn() + ")"));
        out.printf("Get a token: curl -s -u ID:SECRET -d grant_type=client_credentials http://%s:%d/oauth/token%n", settings.host(), stack.port());
        return stack;
    }
}
