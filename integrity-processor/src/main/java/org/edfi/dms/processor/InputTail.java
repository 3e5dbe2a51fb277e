package org.edfi.dms.processor;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
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
 * Where each command topic partition ended when the stream thread's consumer last fetched from it
 * (the last committed command then), so that the processor can tell the last command waiting from
 * one with others behind it. The processor commits at once after the last one, so that a lone
 * write is answered without waiting for the commit interval, and lets the transaction grow up to
 * the interval while commands keep coming, so that a stream of them pays for few transactions.
 */
final class InputTail {

    /** For a topology run without this node's consumer (the test driver): every command is taken for the last. */
    static final InputTail UNKNOWN = new InputTail();

    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();

    /** Whether the command at {@code at} was the last of its partition when its consumer last fetched; true when that is not known. */
    boolean isLast(RecordMetadata at) {
        Long end = ends.get(new TopicPartition(at.topic(), at.partition()));
        return end == null || at.offset() + 1 >= end;
    }

    /** The Kafka clients of the instance's Kafka Streams client, its stream thread's consumer recording the ends here at every poll. */
    KafkaClientSupplier clients() {
        return new KafkaClientSupplier() {
            @Override
            public Admin getAdmin(Map<String, Object> config) {
                return Admin.create(config);
            }

            @Override
            public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
                return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            }

            @Override
            public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
                return new TailKeepingConsumer(config, InputTail.this);
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
     * consumer reads committed).
     */
    private static final class TailKeepingConsumer extends KafkaConsumer<byte[], byte[]> {

        private final InputTail tail;

        TailKeepingConsumer(Map<String, Object> config, InputTail tail) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.tail = tail;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            for (TopicPartition partition : records.partitions()) {
                var fetched = records.records(partition);
                ConsumerRecord<byte[], byte[]> last = fetched.get(fetched.size() - 1);
                OptionalLong lag = currentLag(partition);
                tail.learned(partition, last.offset() + 1 + (lag.isPresent() ? lag.getAsLong() : 0));
            }
            return records;
        }
    }
}
