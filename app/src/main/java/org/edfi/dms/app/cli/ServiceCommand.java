package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.edfi.dms.app.config.Logging;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/**
 * A command that starts services and keeps them until the process is told to stop (Ctrl-C,
 * SIGTERM): then the HTTP server lets requests in flight finish, consumers and the processor commit,
 * and the parts close in the reverse order of their start.
 */
abstract class ServiceCommand extends SettingsCommand {

    ServiceCommand(SettingsLoader loader, List<Setting> shown, PrintStream out, PrintStream err) {
        super(loader, shown, out, err);
    }

    /** Starts the services; the returned handle stops them. */
    abstract AutoCloseable start(Settings settings, ApiSchema schema) throws InterruptedException;

    @Override
    public Integer call() {
        Settings settings = settings();
        Logging.apply(settings.logFormat());
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(settings.apiSchemas(), settings.xsdFiles());
        } catch (SchemaLoadException e) {
            err.println(name() + ": " + e.getMessage());
            err.println(name() + ": pass the Ed-Fi ApiSchema with --api-schema FILE (the Data Standard 5.0 file is ds-5.0/ApiSchema.json in shared/edfi).");
            return ExitStatus.FAILED;
        }
        try {
            AutoCloseable services = start(settings, schema);
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
            return ExitStatus.OK;
        } catch (SettingsException e) {
            err.println(name() + ": " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.FAILED;
        } catch (RuntimeException e) {
            err.println(name() + ": could not start: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
