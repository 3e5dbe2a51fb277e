package org.edfi.dms.app.soak;

import java.nio.file.Path;
import org.edfi.dms.embedded.EmbeddedKafka;

/**
 * The harness's Kafka broker (KRaft, one node) in a JVM of its own, so that the chaos loop can kill it
 * with {@code kill -9}. Started again on its log directory it keeps its ports (clients and its
 * metadata log remember them) and recovers its log. It prints {@code dms kafka ready at HOST:PORT},
 * the ready line {@link RoleProcess} waits for.
 *
 * <p>Argument: the log directory.
 */
public final class KafkaBroker {

    private KafkaBroker() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("dms kafka ready at " + kafka.bootstrapServers());
        Thread.currentThread().join(); // until killed or stopped
    }
}
