package org.edfi.dms.app.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A Kafka Connect worker in distributed mode, as an operator's Connect cluster runs it, in the JVM
 * the fault harness starts and kills: connector configurations, source offsets and statuses live in
 * Kafka topics, so a worker started again after a {@code kill -9} resumes the CDC connectors where
 * their last saved offsets stand (and sends what followed again: at least once). It prints {@code dms
 * connect running at URL} once its REST API answers, the ready line {@link RoleProcess} waits for.
 *
 * <p>Arguments: the brokers' bootstrap servers and the REST port, the same at every start: the
 * API node registers connectors there, and the worker's id (its URL) stays the one whose connectors
 * the group holds for it.
 */
public final class ConnectWorker {

    private ConnectWorker() {}

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:" + args[1];
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", args[0]);
        worker.put("group.id", "dms-soak-connect");
        worker.put("config.storage.topic", "dms.connect.configs");
        worker.put("offset.storage.topic", "dms.connect.offsets");
        worker.put("status.storage.topic", "dms.connect.status");
        worker.put("config.storage.replication.factor", "1");
        worker.put("offset.storage.replication.factor", "1");
        worker.put("status.storage.replication.factor", "1");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        // Saved every second, as the embedded worker does: the tail sent again after a kill stays short.
        worker.put("offset.flush.interval.ms", "1000");
        // A worker that comes back under its own URL gets its connectors again at once; one that does not
        // has them handed to the others after this delay (Connect's default of 5 minutes would stall CDC that long).
        worker.put("scheduled.rebalance.max.delay.ms", "10000");
        worker.put("listeners", url);
        worker.put("plugin.discovery", "service_load");
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
