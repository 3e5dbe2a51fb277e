package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A processor node's member id in the instances' groups is its own, and the same after a restart. */
class ProcessorMemberTest {

    @TempDir
    Path dir;

    @Test
    void nodesOfTheSameNodeIdWithStateOfTheirOwnAreOtherMembers() {
        String first = ProcessorMember.of("local", dir.resolve("first"));
        String second = ProcessorMember.of("local", dir.resolve("second"));

        assertNotEquals(first, second);
        assertTrue(first.startsWith("local-"), first);
        assertTrue(first.matches("[a-zA-Z0-9._-]+"), "a valid group.instance.id: " + first);
    }

    @Test
    void aNodeRestartedOnItsStateIsTheSameMember() {
        assertEquals(ProcessorMember.of("p1", dir), ProcessorMember.of("p1", dir));
    }
}
