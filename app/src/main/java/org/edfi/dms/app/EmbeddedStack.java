package org.edfi.dms.app;

import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.ingress.CommandDispatcher;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.ingress.WritePipeline;
import org.edfi.dms.ingress.WriteService;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * Everything in one JVM for a laptop or a test: an in-process Kafka broker, the integrity processor
 * of the default instance, and the HTTP API. Data lives under {@code dataDir} and survives restarts.
 * Closing stops the parts in the reverse order of their start.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final InstanceProcessor processor;
    private final CommandDispatcher dispatcher;
    private final WebServer server;

    private EmbeddedStack(EmbeddedKafka kafka, InstanceProcessor processor, CommandDispatcher dispatcher, WebServer server) {
        this.kafka = kafka;
        this.processor = processor;
        this.dispatcher = dispatcher;
        this.server = server;
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout) throws InterruptedException {
        DocumentValidator validator = DocumentValidator.forSchema(schema);
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        InstanceProcessor processor = InstanceProcessor.start(schema, validator, InstanceId.DEFAULT,
                ProcessorConfig.defaults(kafka.bootstrapServers(), dataDir.resolve("processor")));
        processor.awaitRunning(Duration.ofSeconds(60));
        CommandDispatcher dispatcher = CommandDispatcher.start(
                IngressConfig.defaults("local", kafka.bootstrapServers()).withResultTimeout(resultTimeout));
        WritePipeline writes = new WritePipeline(schema, validator, dispatcher, InstanceId.DEFAULT);
        WebServer server = ApiServer.start(host, port, List.of(new WriteService(writes, false)));
        return new EmbeddedStack(kafka, processor, dispatcher, server);
    }

    public int port() {
        return server.port();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public InstanceProcessor processor() {
        return processor;
    }

    @Override
    public void close() {
        server.stop();
        dispatcher.close();
        processor.close();
        kafka.close();
    }
}
