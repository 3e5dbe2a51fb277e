package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/**
 * A command that starts services and keeps them until the process is told to stop (Ctrl-C,
 * SIGTERM): then the HTTP server lets requests in flight finish, consumers and the processor commit,
 * and the parts close in the reverse order of their start.
 */
abstract class ServiceCommand implements Command {

    private final SettingsLoader loader;

    ServiceCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    /** Starts the services; the returned handle stops them. */
    abstract AutoCloseable start(Settings settings, ApiSchema schema, PrintStream out) throws InterruptedException;

    /** What the command does, for --help, before the options. */
    abstract String description();

    /** The settings this command reads, for --help. */
    abstract List<Setting> settings();

    @Override
    public String usage() {
        StringBuilder text = new StringBuilder("Usage: dms ").append(name()).append(" [--config FILE] [OPTIONS]\n\n").append(description())
                .append("\nOptions (each also DMS_<NAME> in the environment or <name>= in the --config file; a flag beats\n"
                        + "the environment, which beats the file, which beats the default):\n");
        for (Setting setting : settings()) {
            text.append(String.format("  %-28s %s%n  %-28s (%s; default %s)%n", setting.flag() + " VALUE", setting.description(), "",
                    setting.environmentVariable(), setting.defaultValue().isEmpty() ? "none" : setting.defaultValue()));
        }
        return text.toString();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = loader.load(args);
        } catch (SettingsException e) {
            err.println(name() + ": " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(settings.apiSchemas());
        } catch (SchemaLoadException e) {
            err.println(name() + ": " + e.getMessage());
            err.println(name() + ": pass the Ed-Fi ApiSchema with --api-schema FILE (the Data Standard 5.0 file is ds-5.0/ApiSchema.json in shared/edfi).");
            return FAILED;
        }
        try {
            AutoCloseable services = start(settings, schema, out);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    services.close();
                } catch (Exception e) {
                    err.println(name() + ": while stopping: " + e.getMessage());
                }
                stopped.countDown();
            }, "dms-shutdown"));
            stopped.await();
            return OK;
        } catch (SettingsException e) {
            err.println(name() + ": " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (RuntimeException e) {
            err.println(name() + ": could not start: " + e.getMessage());
            return FAILED;
        }
    }
}
