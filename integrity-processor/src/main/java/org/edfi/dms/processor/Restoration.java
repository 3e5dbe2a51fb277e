package org.edfi.dms.processor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** The changelog partitions of a processor's stores being restored now, as Kafka Streams reports them. */
final class Restoration implements StateRestoreListener {

    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    boolean inProgress() {
        return !restoring.isEmpty();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(store + "@" + partition);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // progress within a restoration changes nothing here
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "@" + partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "@" + partition);
    }
}
