package org.edfi.dms.processor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.TraceSpan;
import org.edfi.dms.contracts.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor node of an instance's topology: decodes each command, answers a replayed command
 * with its first result, applies the write rules ({@link CommandHandler}) and forwards the committed
 * documents and the result. Under exactly-once processing the store changes, the outputs and the
 * input offset commit together or not at all. A command that carries a {@code traceparent} is
 * handled in a consumer span of its trace, which its documents carry on to the sink. It asks for
 * its commits itself ({@link CommitPace}).
 */
final class CommandProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    /** The header that carries a result's reply topic from this node to the results sink. */
    static final String REPLY_TO_HEADER = "dms-reply-to";

    /**
     * How far ahead of this node's clock a command may have been issued (clock skew between the
     * sender and the processor). The store of answered commands keeps its retention behind the
     * latest instant it was given: one command issued a day ahead would make it forget every answer
     * before, and drop every one after until the clocks caught up, so that replays were applied again.
     */
    static final Duration MAX_ISSUED_AHEAD = Duration.ofHours(1);

    private final CommandHandler handler;
    private final CommandMeter meter;
    private final Tracing tracing;
    private final FailedCommands failed;
    private final CommitSignals signals;
    private final CommitPace pace;
    private final Clock clock;
    /** The commit clock's punctuation while a commit waits for the interval to be up; null otherwise. */
    private Cancellable tick;
    private ProcessorContext<String, byte[]> context;
    private DocumentStore store;
    private WindowStore<String, byte[]> answered;

    CommandProcessor(CommandHandler handler, CommandMeter meter, Tracing tracing, FailedCommands failed, CommitSignals signals, Duration commitInterval,
            Clock clock) {
        this.handler = handler;
        this.meter = meter;
        this.tracing = tracing;
        this.failed = failed;
        this.signals = signals;
        this.pace = new CommitPace(commitInterval, signals::lastCommit);
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = new DocumentStore(
                kv(context, DocumentStore.DOCUMENTS),
                kv(context, DocumentStore.IDENTITIES),
                kv(context, DocumentStore.MEMBERSHIPS),
                kv(context, DocumentStore.REFERRERS));
        this.answered = context.getStateStore(IntegrityTopology.ANSWERED);
        signals.pacedBy(pace);
        long indexed = store.rebuildIndexesIfNeeded();
        if (indexed > 0) {
            LOG.info("Rebuilt the reference indexes of {} documents", indexed);
        }
    }

    private static KeyValueStore<Bytes, byte[]> kv(ProcessorContext<String, byte[]> context, String name) {
        return context.getStateStore(name);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        answer(record);
        long now = System.nanoTime();
        if (pace.dueAfterCommand(context.recordMetadata().map(signals::isLast).orElse(true), now)) {
            commit();
        } else if (pace.waiting() && tick == null) {
            // Kafka Streams takes every punctuation for work to commit: the clock ticks only while a commit waits for it.
            tick = context.schedule(pace.untilDue(now), PunctuationType.WALL_CLOCK_TIME, at -> onTick());
        }
    }

    private void onTick() {
        if (pace.dueAtTick(System.nanoTime())) {
            commit();
        } else if (!pace.waiting()) {
            stopTick();
        }
    }

    private void commit() {
        context.commit();
        stopTick();
    }

    @Override
    public void close() {
        signals.unpaced(pace);
    }

    private void stopTick() {
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
    }

    private void answer(Record<String, byte[]> record) {
        Command command;
        try {
            command = MessageCodec.decodeCommand(record.value());
        } catch (MalformedMessageException e) {
            String commandId = record.key() != null ? record.key() : "unidentified-" + record.timestamp();
            CommandResult refusal = CommandResult.failure(commandId, Problem.badRequest("Malformed command: " + e.getMessage()));
            meter.answered(null, refusal);
            emitResult(refusal, null, record.timestamp());
            return;
        }
        Optional<Problem> couldNotCommit = context.recordMetadata().flatMap(at -> failed.take(at.topic(), at.partition(), at.offset()));
        if (couldNotCommit.isPresent()) {
            // Kafka refused what this command wrote once already: answer it, write nothing.
            refuse(command, couldNotCommit.get(), record);
            return;
        }
        Optional<Problem> issuedAhead = issuedAhead(command);
        if (issuedAhead.isPresent()) {
            refuse(command, issuedAhead.get(), record);
            return;
        }
        // HTTP writes carry the request's span; a Kafka-native writer may carry one of its own.
        Optional<TraceSpan> span = TraceParent.fromHeader(headerValue(record, TraceParent.HEADER))
                .map(parent -> tracing.consumer("process " + command.type().label() + " " + command.project() + "/" + command.resource(), parent)
                        .attribute("dms.command.id", command.commandId())
                        .attribute("messaging.destination.name", context.recordMetadata().map(RecordMetadata::topic).orElse("")));
        try {
            handle(command, record, span);
        } finally {
            span.ifPresent(TraceSpan::close);
        }
    }

    /** Answers a command, a replayed one with its first result; the documents it commits carry its span on. */
    private void handle(Command command, Record<String, byte[]> record, Optional<TraceSpan> span) {
        byte[] earlier = firstAnswer(command);
        if (earlier != null) {
            forwardResult(command.commandId(), earlier, command.replyTo(), record.timestamp());
            return;
        }
        CommandHandler.Outcome outcome;
        try {
            outcome = handler.handle(command, store);
        } catch (RuntimeException e) {
            // A bug must not stop the instance: answer this command and go on with the next.
            LOG.error("Command {} of {} {} failed", command.commandId(), command.type(), command.resource(), e);
            outcome = CommandHandler.Outcome.failed(command, Problem.internalError(command.commandId()));
        }
        Optional<byte[]> trace = span.map(s -> s.traceParent().headerValue());
        for (DocumentChanges.Emitted change : outcome.changes()) {
            RecordHeaders headers = new RecordHeaders();
            trace.ifPresent(handedOn -> headers.add(TraceParent.HEADER, handedOn));
            context.forward(new Record<>(change.documentId().toString(), change.envelope(), record.timestamp(), headers),
                    IntegrityTopology.DOCUMENTS_SINK);
        }
        meter.answered(command.type(), outcome.result());
        CommandResult answer = outcome.result();
        span.ifPresent(s -> s.attribute("dms.result.status", answer.status()));
        if (answer.status() >= 500) {
            span.ifPresent(s -> s.failed(answer.problem().detail()));
        }
        byte[] result = emitResult(answer, command.replyTo(), record.timestamp());
        if (command.issuedAt() != null) {
            answered.put(command.commandId(), result, command.issuedAt().toEpochMilli());
        }
    }

    /** Answers a command with {@code problem}, writing nothing and recording no answer for its replays. */
    private void refuse(Command command, Problem problem, Record<String, byte[]> record) {
        CommandResult refusal = CommandResult.failure(command.commandId(), problem);
        meter.answered(command.type(), refusal);
        emitResult(refusal, command.replyTo(), record.timestamp());
    }

    /** A command issued further ahead of this node's clock than {@link #MAX_ISSUED_AHEAD} is refused, unrecorded. */
    private Optional<Problem> issuedAhead(Command command) {
        Instant now = clock.instant();
        if (command.issuedAt() == null || !command.issuedAt().isAfter(now.plus(MAX_ISSUED_AHEAD))) {
            return Optional.empty();
        }
        return Optional.of(Problem.badRequest("The command's issuedAt " + command.issuedAt() + " is more than " + MAX_ISSUED_AHEAD.toMinutes()
                + " minutes ahead of the processor's clock (" + now + "). A command is recognized when it is sent again by its"
                + " commandId and issuedAt, which must be the instant it was first sent: set it from a synchronized clock (NTP)."));
    }

    private static byte[] headerValue(Record<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    /**
     * The result already given to this command, if it was seen within the retention: a command is
     * identified by its id and the instant it was issued, so that a replay of the same message is
     * one point lookup, not a range scan.
     */
    private byte[] firstAnswer(Command command) {
        return command.issuedAt() == null ? null : answered.fetch(command.commandId(), command.issuedAt().toEpochMilli());
    }

    private byte[] emitResult(CommandResult result, String replyTo, long timestamp) {
        byte[] encoded = MessageCodec.encodeResult(result);
        forwardResult(result.commandId(), encoded, replyTo, timestamp);
        return encoded;
    }

    private void forwardResult(String commandId, byte[] result, String replyTo, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        if (replyTo != null && !replyTo.isBlank()) {
            headers.add(REPLY_TO_HEADER, replyTo.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(commandId, result, timestamp, headers), IntegrityTopology.RESULTS_SINK);
    }
}
