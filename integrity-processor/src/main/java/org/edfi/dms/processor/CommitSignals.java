package org.edfi.dms.processor;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What an instance's processor paces its commits by ({@link CommitPace}), learned from its stream
 * thread's Kafka clients: where each command topic partition ended when the consumer last fetched
 * from it (so that the processor can tell the last command waiting from one with others behind
 * it), and when the producer last committed a transaction.
 */
final class CommitSignals {

    /** For a topology run without this node's clients (the test driver): every command is the last, no commit is known. */
    static final CommitSignals UNKNOWN = new CommitSignals();

    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    /** System.nanoTime when the last commit ended; an hour back at first (nanoTime's origin is arbitrary). */
    private volatile long committed = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    /** The pace of the processor task on the stream thread, whose waiting commit a poll must not outlast; null when none runs. */
    private volatile CommitPace pace;

    /** When the stream thread's producer last committed a transaction (System.nanoTime). */
    long lastCommit() {
        return committed;
    }

    /** Whether the command at {@code at} was the last of its partition when its consumer last fetched; true when that is not known. */
    boolean isLast(RecordMetadata at) {
        Long end = ends.get(new TopicPartition(at.topic(), at.partition()));
        return end == null || at.offset() + 1 >= end;
    }

    /**
     * Has the stream thread's poll return by the time a commit waiting under {@code pace} is due:
     * Kafka Streams runs a punctuation only between polls, and an idle thread's poll waits up to
     * {@code poll.ms} (the commit interval), so a commit waiting for the interval would otherwise
     * wait for the poll too. The processor registers its pace when its task starts.
     */
    void pacedBy(CommitPace pace) {
        this.pace = pace;
    }

    /** A task that closes (moved to another node, or the instance stopping) leaves its thread polling as Kafka Streams asks. */
    void unpaced(CommitPace pace) {
        if (this.pace == pace) {
            this.pace = null;
        }
    }

    /** {@code timeout}, or less when a waiting commit is due sooner (whole milliseconds, rounded up). */
    private Duration pollTimeout(Duration timeout) {
        CommitPace current = pace;
        long by = current == null ? Long.MAX_VALUE : current.dueAt();
        if (by == Long.MAX_VALUE) {
            return timeout;
        }
        Duration left = Duration.ofMillis(CommitPace.millisRoundedUp(Math.max(0, by - System.nanoTime())));
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    /**
     * The Kafka clients of the instance's Kafka Streams client: its stream thread's consumer records
     * the ends here at every poll, its producer the end of each commit.
     */
    KafkaClientSupplier clients() {
        return new KafkaClientSupplier() {
            @Override
            public Admin getAdmin(Map<String, Object> config) {
                return Admin.create(config);
            }

            @Override
            public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
                return new CommitTimingProducer(config, CommitSignals.this);
            }

            @Override
            public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
                return new TailKeepingConsumer(config, CommitSignals.this);
            }

            @Override
            public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
                return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }

            @Override
            public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
                return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
        };
    }

    private void learned(TopicPartition partition, long end) {
        ends.put(partition, end);
    }

    /**
     * The stream thread's consumer: after each poll, a partition it returned records of ends at the
     * last one's offset plus one plus the lag the fetch reported (to the last stable offset: the
     * consumer reads committed). It polls no longer than a waiting commit allows.
     */
    private static final class TailKeepingConsumer extends KafkaConsumer<byte[], byte[]> {

        private final CommitSignals tail;

        TailKeepingConsumer(Map<String, Object> config, CommitSignals tail) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.tail = tail;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(tail.pollTimeout(timeout));
            for (TopicPartition partition : records.partitions()) {
                var fetched = records.records(partition);
                ConsumerRecord<byte[], byte[]> last = fetched.get(fetched.size() - 1);
                OptionalLong lag = currentLag(partition);
                tail.learned(partition, last.offset() + 1 + (lag.isPresent() ? lag.getAsLong() : 0));
            }
            return records;
        }
    }

    /** The stream thread's producer, noting when each commit ended. */
    private static final class CommitTimingProducer extends KafkaProducer<byte[], byte[]> {

        private final CommitSignals signals;

        CommitTimingProducer(Map<String, Object> config, CommitSignals signals) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
            this.signals = signals;
        }

        @Override
        public void commitTransaction() {
            super.commitTransaction();
            signals.committed = System.nanoTime();
        }
    }
}
