package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.instances.InstanceOperationException;
import org.edfi.dms.runtime.CdcConnectors;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import picocli.CommandLine.Command;

/**
 * {@code dms connector show|register}: the Debezium connector of the default instance, rendered
 * from connect-config's template, printed or put into a Kafka Connect cluster through its REST API
 * ({@code PUT /connectors/{name}/config}, which creates or updates, so running it again is safe).
 */
@Command(name = "connector", description = {
        "Show or register the CDC (Debezium) connector with a Kafka Connect cluster",
        "",
        """
        The connector reads the default instance's database with Debezium (pgoutput) and publishes
        every change to edfi.default.default.documents (docs/topics.md). The Connect worker must
        have connect-config/target/dms-connect-config.jar in its plugin path, and PostgreSQL must run
        with wal_level=logical. The database host is taken from postgres.url, as Connect sees it."""})
public final class ConnectorCommand implements CommandGroup {

    private static final List<Setting> POSTGRES = List.of(Setting.POSTGRES_URL, Setting.POSTGRES_USER, Setting.POSTGRES_PASSWORD,
            Setting.CONNECT_POSTGRES_PASSWORD, Setting.KAFKA_REPLICATION_FACTOR);

    /** Where Kafka Connect listens when connect.url is not given: a worker on this machine. */
    private static final String DEFAULT_CONNECT_URL = "http://localhost:8083";

    private final SettingsLoader loader;
    private final PrintStream out;
    private final PrintStream err;

    public ConnectorCommand(SettingsLoader loader, PrintStream out, PrintStream err) {
        this.loader = loader;
        this.out = out;
        this.err = err;
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Show(loader, out, err), new Register(loader, out, err));
    }

    /** What both subcommands do first: the connector of the servers the settings name. */
    private abstract static class Subcommand extends SettingsCommand {

        Subcommand(SettingsLoader loader, List<Setting> shown, PrintStream out, PrintStream err) {
            super(loader, shown, out, err);
        }

        /** Does the subcommand's job with the connector; returns the exit status. */
        abstract int run(Settings settings, CdcConnector connector);

        @Override
        public Integer call() {
            Settings settings = settings();
            CdcConnector connector;
            try {
                PostgresServer postgres = new PostgresServer(settings.requirePostgres(), settings.postgresUser(), settings.postgresPassword());
                connector = CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT), PostgresServers.MAIN, postgres,
                        settings.replicationFactor(), settings.connectPostgresPassword());
            } catch (SettingsException | IllegalArgumentException e) {
                err.println(name() + ": " + e.getMessage());
                return ExitStatus.USAGE;
            }
            return run(settings, connector);
        }

        @Override
        String name() {
            return "connector";
        }
    }

    @Command(name = "show", description = "Print the connector's REST body (for curl -X POST .../connectors -d @file)")
    static final class Show extends Subcommand {

        Show(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, POSTGRES, out, err);
        }

        @Override
        int run(Settings settings, CdcConnector connector) {
            out.println(connector.json());
            return ExitStatus.OK;
        }
    }

    @Command(name = "register", description = {
            "Create or update the connector in a Kafka Connect cluster and wait until it runs",
            "",
            "The cluster is the one at connect.url (default " + DEFAULT_CONNECT_URL + ")."})
    static final class Register extends Subcommand {

        Register(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, List.of(Setting.CONNECT_URL, Setting.POSTGRES_URL, Setting.POSTGRES_USER, Setting.POSTGRES_PASSWORD,
                    Setting.CONNECT_POSTGRES_PASSWORD, Setting.KAFKA_REPLICATION_FACTOR), out, err);
        }

        @Override
        int run(Settings settings, CdcConnector connector) {
            KafkaConnectClient connect = new KafkaConnectClient(settings.connectUrl().orElse(DEFAULT_CONNECT_URL));
            try {
                boolean created = connect.register(connector, Duration.ofSeconds(60));
                out.println("connector " + connector.name() + (created ? " created" : " updated") + " at " + connect.url()
                        + "; changes go to " + connector.topic());
                return ExitStatus.OK;
            } catch (InstanceOperationException e) {
                err.println("connector: " + e.getMessage());
                return ExitStatus.FAILED;
            }
        }
    }
}
