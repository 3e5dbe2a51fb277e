package org.edfi.dms.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Servers started side by side in one JVM never get the same port. Ports asked for one at a time,
 * each closed before the next, come back twice often enough to stop a broker now and then ("two
 * listeners on the same port"); among 500 such ports a repeat is all but certain.
 */
class FreePortsTest {

    @Test
    void portsAskedForTogetherAreDistinct() throws Exception {
        List<Integer> ports = FreePorts.take(500);

        assertEquals(500, new HashSet<>(ports).size(), "distinct ports among " + ports.size());
    }

    @Test
    void aPortIsNotHandedOutTwiceInOneJvm() {
        // PostgreSQL's port, asked for before its initdb, stays unbound while the broker beside it asks for its own.
        List<Integer> first = FreePorts.take(300);
        List<Integer> second = FreePorts.take(300);

        HashSet<Integer> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(600, all.size(), "distinct ports over two asks");
    }
}
