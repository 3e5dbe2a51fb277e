package org.edfi.dms.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports on 127.0.0.1 nothing listens on now, for servers of this JVM to bind next.
 *
 * <p>A port asked for and closed may be handed out again at the next ask, before the server it was
 * meant for has bound it: PostgreSQL binds its port only after initdb, while the broker beside it
 * takes its own. So the ports of one ask are held open together until all are found, and no port is
 * handed out twice in one JVM (the ephemeral range holds tens of thousands; a JVM asks for hundreds,
 * FreePortsTest for 1,100).
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** One port. */
    public static int one() {
        return take(1).getFirst();
    }

    /** {@code count} distinct ports. */
    public static synchronized List<Integer> take(int count) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>(count);
        try {
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a listening socket that would not close still gave its port; nothing to undo
                }
            }
        }
    }
}
