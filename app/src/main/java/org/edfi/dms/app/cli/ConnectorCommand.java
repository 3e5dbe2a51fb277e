package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.app.CdcConnectors;
import org.edfi.dms.app.PostgresServer;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.app.instances.KafkaConnectClient;
import org.edfi.dms.app.instances.PostgresServers;
import org.edfi.dms.instances.InstanceOperationException;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceStore;

/**
 * {@code dms connector show|register}: the Debezium connector of the default instance, rendered
 * from connect-config's template, printed or put into a Kafka Connect cluster through its REST API
 * ({@code PUT /connectors/{name}/config}, which creates or updates, so running it again is safe).
 */
public final class ConnectorCommand implements Command {

    private static final List<Setting> SETTINGS = List.of(Setting.CONNECT_URL, Setting.POSTGRES_URL, Setting.POSTGRES_USER, Setting.POSTGRES_PASSWORD);

    /** Where Kafka Connect listens when connect.url is not given: a worker on this machine. */
    private static final String DEFAULT_CONNECT_URL = "http://localhost:8083";

    private final SettingsLoader loader;

    public ConnectorCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "connector";
    }

    @Override
    public String summary() {
        return "Show or register the CDC (Debezium) connector with a Kafka Connect cluster";
    }

    @Override
    public String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: dms connector show|register [--config FILE] [OPTIONS]

                  show      print the connector's REST body (for curl -X POST .../connectors -d @file)
                  register  create or update it in the Kafka Connect cluster at connect.url (default
                            http://localhost:8083) and wait until it runs

                The connector reads the default instance's database with Debezium (pgoutput) and publishes
                every change to edfi.default.default.documents (docs/topics.md). The Connect worker must
                have connect-config/target/dms-connect-config.jar in its plugin path, and PostgreSQL must run
                with wal_level=logical. The database host is taken from postgres.url, as Connect sees it.

                Options (also DMS_<NAME> or <name>= in the --config file):
                """);
        SETTINGS.forEach(s -> text.append(String.format("  %-28s %s (default %s)%n", s.flag() + " VALUE", s.description(),
                s.defaultValue().isEmpty() ? "none" : s.defaultValue())));
        return text.toString();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !(args.getFirst().equals("show") || args.getFirst().equals("register"))) {
            err.println("connector: say show or register\n\n" + usage());
            return USAGE;
        }
        CdcConnector connector;
        Settings settings;
        try {
            settings = loader.load(args.subList(1, args.size()));
            PostgresServer postgres = new PostgresServer(settings.requirePostgres(), settings.postgresUser(), settings.postgresPassword());
            connector = CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT), PostgresServers.MAIN, postgres, -1);
        } catch (SettingsException | IllegalArgumentException e) {
            err.println("connector: " + e.getMessage());
            return USAGE;
        }
        if (args.getFirst().equals("show")) {
            out.println(connector.json());
            return OK;
        }
        KafkaConnectClient connect = new KafkaConnectClient(settings.connectUrl().orElse(DEFAULT_CONNECT_URL));
        try {
            boolean created = connect.register(connector, Duration.ofSeconds(60));
            out.println("connector " + connector.name() + (created ? " created" : " updated") + " at " + connect.url()
                    + "; changes go to " + connector.topic());
            return OK;
        } catch (InstanceOperationException e) {
            err.println("connector: " + e.getMessage());
            return FAILED;
        }
    }
}
