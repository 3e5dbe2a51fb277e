package org.edfi.dms.processor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.edfi.dms.contracts.Problem;

/**
 * Commands whose transaction Kafka refused: a record it wrote was too large for the broker, or
 * could not be written at all. The stream thread fails, its transaction aborts (its state returns
 * to the last commit) and a new thread takes over ({@link ReplaceFailedThread}); when it meets the
 * command again, by its offset, it answers it with the problem kept here instead of applying it a
 * second time. So a command that cannot be committed costs one retry, never the instance.
 * Kept in memory: after a restart the command is tried once more.
 */
final class FailedCommands {

    /** A command's place in its topic. */
    private record Position(String topic, int partition, long offset) {}

    private final Map<Position, Problem> failed = new ConcurrentHashMap<>();
    private final int maxMessageBytes;

    FailedCommands(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Notes that writing what the command at this place produced failed with {@code error}. */
    void failed(String topic, int partition, long offset, Exception error) {
        failed.put(new Position(topic, partition, offset), error instanceof RecordTooLargeException
                ? Problem.messageTooLarge("A record this write would commit", maxMessageBytes)
                : Problem.internalError(null)); // logged with its cause where it failed
    }

    /** The problem to answer the command at this place with, once, if its write failed before. */
    Optional<Problem> take(String topic, int partition, long offset) {
        return Optional.ofNullable(failed.remove(new Position(topic, partition, offset)));
    }
}
