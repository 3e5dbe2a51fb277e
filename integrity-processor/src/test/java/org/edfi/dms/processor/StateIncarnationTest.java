package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's processor state is kept only for the incarnation of the command topic it was built from. */
class StateIncarnationTest {

    @TempDir
    Path stateDir;

    @Test
    void stateOfTheSameCommandTopicIsKept() throws Exception {
        Path instance = stateDir.resolve("dms-processor.default.default");
        Uuid topic = Uuid.randomUuid();
        assertFalse(StateIncarnation.claim(instance, topic), "nothing to remove the first time");
        Path store = Files.createDirectories(instance.resolve("0_0/rocksdb/documents"));

        assertFalse(StateIncarnation.claim(instance, topic));
        assertTrue(Files.exists(store));
    }

    @Test
    void stateOfAnotherIncarnationIsRemoved() throws Exception {
        Path instance = stateDir.resolve("dms-processor.default.default");
        StateIncarnation.claim(instance, Uuid.randomUuid());
        Path store = Files.createDirectories(instance.resolve("0_0/rocksdb/documents"));
        Uuid again = Uuid.randomUuid(); // the command topic after a purge, or after a delete and a create

        assertTrue(StateIncarnation.claim(instance, again));
        assertFalse(Files.exists(store));
        assertEquals(again.toString(), Files.readString(instance.resolve(StateIncarnation.FILE)));
    }

    @Test
    void stateOfAnUnknownIncarnationIsRemoved() throws Exception {
        Path instance = stateDir.resolve("dms-processor.default.default");
        Path store = Files.createDirectories(instance.resolve("0_0/rocksdb/documents")); // an earlier version's, recording nothing

        assertTrue(StateIncarnation.claim(instance, Uuid.randomUuid()));
        assertFalse(Files.exists(store));
    }
}
