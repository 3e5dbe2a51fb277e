package org.edfi.dms.app.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.edfi.dms.embedded.EmbeddedConnect;

/**
 * A Kafka Connect worker in distributed mode, as an operator's Connect cluster runs it, in the JVM
 * the fault harness starts and kills: connector configurations, source offsets and statuses live in
 * Kafka topics, so a worker started again after a {@code kill -9} resumes the CDC connectors from
 * their last saved offsets (saved every second, as by the embedded worker) and sends what followed
 * them again: at least once. It prints {@code dms connect running at URL} once its REST API
 * answers, the ready line {@link RoleProcess} waits for.
 *
 * <p>Arguments: the brokers' bootstrap servers and the REST port, the same at every start: the
 * API node registers connectors there, and the worker's id (its URL) stays the one whose connectors
 * the group holds for it.
 */
public final class ConnectWorker {

    private ConnectWorker() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> worker = EmbeddedConnect.workerSettings(args[0], Integer.parseInt(args[1]));
        String url = worker.get("listeners");
        worker.putAll(Map.of(
                "group.id", "dms-soak-connect",
                "config.storage.topic", "dms.connect.configs",
                "offset.storage.topic", "dms.connect.offsets",
                "status.storage.topic", "dms.connect.status",
                "config.storage.replication.factor", "1",
                "offset.storage.replication.factor", "1",
                "status.storage.replication.factor", "1",
                // A worker that comes back under its own URL gets its connectors again at once; one that does not has them
                // handed to the others after this delay (Connect's default of 5 minutes would stall CDC that long).
                "scheduled.rebalance.max.delay.ms", "10000"));
        Connect<?> connect = new ConnectDistributed().startConnect(worker);
        awaitRest(url + "/connectors", Duration.ofMinutes(2));
        System.out.println("dms connect running at " + url);
        connect.awaitStop();
    }

    private static void awaitRest(String url, Duration within) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Kafka Connect's REST API at " + url + " did not answer within " + within.toSeconds() + " s");
    }
}
