package org.edfi.dms.app.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills each role, then the broker and PostgreSQL, in turn with {@code kill -9} every {@code every},
 * and starts it again at once with the same settings and state directory, as a supervisor (systemd,
 * Kubernetes) would; after the last, the whole node: every role killed at once, as a machine that
 * loses power, then started again in the order they first started. Counts the kills each process
 * (and the node) survived, that is came back ready from.
 */
final class ChaosLoop implements AutoCloseable {

    static final Duration READY_WITHIN = Duration.ofMinutes(3);
    /** The name the whole node's kills are counted under. */
    static final String NODE = "node";

    private final List<? extends Killable> roles;
    /** The roles, then the infrastructure they run on: the order of the single kills. */
    private final List<Killable> turns;
    private final Duration every;
    private final PrintStream out;
    private final Map<String, Integer> survived = new LinkedHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile int failedRestarts;
    private Thread thread;

    ChaosLoop(List<? extends Killable> roles, List<Killable> infrastructure, Duration every, PrintStream out) {
        this.roles = roles;
        this.turns = new ArrayList<>(roles);
        turns.addAll(infrastructure);
        this.every = every;
        this.out = out;
        turns.forEach(process -> survived.put(process.name(), 0));
        survived.put(NODE, 0);
    }

    void start() {
        thread = Thread.ofPlatform().name("soak-chaos").start(this::loop);
    }

    private void loop() {
        long started = System.nanoTime();
        for (int turn = 0; !stopping.get(); turn++) {
            if (!pause(every)) {
                return;
            }
            boolean wholeNode = turn % (turns.size() + 1) == turns.size();
            List<? extends Killable> victims = wholeNode ? roles : List.of(turns.get(turn % (turns.size() + 1)));
            String name = wholeNode ? NODE : victims.getFirst().name();
            try {
                for (Killable victim : victims) {
                    victim.kill();
                }
                out.printf("soak: %4.0f s  kill -9 %s%n", (System.nanoTime() - started) / 1e9, name);
                for (Killable victim : victims) {
                    restart(victim);
                }
                synchronized (survived) {
                    survived.merge(name, 1, Integer::sum);
                }
                out.printf("soak: %4.0f s  %s is back%n", (System.nanoTime() - started) / 1e9, name);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts it until it comes back; a start that fails is counted and tried again. */
    private void restart(Killable process) throws InterruptedException {
        while (true) {
            try {
                process.start(READY_WITHIN);
                return;
            } catch (RuntimeException e) {
                failedRestarts++;
                out.println("soak: " + process.name() + " did not come back: " + e.getMessage());
                if (stopping.get() && failedRestarts > 5) {
                    throw e;
                }
            }
        }
    }

    private boolean pause(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        while (System.nanoTime() < end) {
            if (stopping.get()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /** Whether every process was killed and came back at least once, and the whole node too. */
    boolean everyRoleSurvivedOnce() {
        synchronized (survived) {
            return survived.values().stream().allMatch(kills -> kills > 0);
        }
    }

    Map<String, Integer> survived() {
        synchronized (survived) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(survived));
        }
    }

    int failedRestarts() {
        return failedRestarts;
    }

    /** Stops after the kill and restart under way, if any. */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        if (thread != null) {
            thread.join();
        }
    }
}
