package org.edfi.dms.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server with several listeners (a broker and its controller, a cluster of them) takes its ports in
 * one ask. Ports asked for one at a time, each closed before the next, come back twice often enough
 * to stop a broker now and then ("two listeners on the same port"); among 500 such ports a repeat is
 * all but certain.
 */
class FreePortsTest {

    @Test
    void portsAskedForTogetherAreDistinct() throws Exception {
        List<Integer> ports = EmbeddedKafka.freePorts(500);

        assertEquals(500, new HashSet<>(ports).size(), "distinct ports among " + ports.size());
    }
}
