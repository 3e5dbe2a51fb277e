package org.edfi.dms.processor;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the processor does when Kafka refuses a record it writes (a document envelope or state
 * record larger than the broker takes, above all): it notes the command that produced it
 * ({@link FailedCommands}) and fails the transaction, never resumes past it, since under
 * exactly-once a dropped record would leave the store and the documents topic apart. The command is
 * then answered with a problem by the thread that replaces this one.
 */
public final class FailedCommandHandler implements ProductionExceptionHandler {

    /** The Streams setting that carries the instance's {@link FailedCommands} to the handler Kafka Streams makes. */
    static final String FAILED_COMMANDS = "dms.failed-commands";

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandHandler.class);

    private FailedCommands failed;

    @Override
    public void configure(Map<String, ?> configs) {
        this.failed = (FailedCommands) configs.get(FAILED_COMMANDS);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        LOG.error("Kafka refused a record for {} written by the command at {}-{} offset {}; the command will be answered with a problem: {}",
                record.topic(), context.topic(), context.partition(), context.offset(), exception.toString());
        if (failed != null && context.topic() != null && context.offset() >= 0) {
            failed.failed(context.topic(), context.partition(), context.offset(), exception);
        }
        return Response.fail();
    }
}
