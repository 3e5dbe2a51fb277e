package org.edfi.dms.processor;

import java.nio.file.Path;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * The integrity processor of the default instance in a JVM of its own, over the small test model,
 * so that a test can kill it outright (SIGKILL) as a crash would. Arguments: bootstrap servers,
 * state directory.
 */
public final class ProcessorProcess {

    private ProcessorProcess() {}

    public static void main(String[] args) throws InterruptedException {
        ApiSchema schema = Fixtures.smallCore();
        InstanceProcessor processor = InstanceProcessor.start(schema, DocumentValidator.forSchema(schema), InstanceId.DEFAULT,
                ProcessorConfig.defaults(args[0], Path.of(args[1])));
        processor.awaitRunning(java.time.Duration.ofSeconds(60));
        System.out.println("RUNNING");
        Thread.currentThread().join();
    }
}
