package org.edfi.dms.app.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills each role in turn with {@code kill -9} every {@code every}, and starts it again at once with
 * the same settings and state directory, as a supervisor (systemd, Kubernetes) would; after the last
 * role, the whole node: every role killed at once, as a machine that loses power, then started again
 * in the order they first started. Counts the kills each role (and the node) survived, that is came
 * back ready from.
 */
final class ChaosLoop implements AutoCloseable {

    static final Duration READY_WITHIN = Duration.ofMinutes(3);
    /** The name the whole node's kills are counted under. */
    static final String NODE = "node";

    private final List<RoleProcess> roles;
    private final Duration every;
    private final PrintStream out;
    private final Map<String, Integer> survived = new LinkedHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile int failedRestarts;
    private Thread thread;

    ChaosLoop(List<RoleProcess> roles, Duration every, PrintStream out) {
        this.roles = roles;
        this.every = every;
        this.out = out;
        roles.forEach(role -> survived.put(role.name(), 0));
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
            boolean wholeNode = turn % (roles.size() + 1) == roles.size();
            List<RoleProcess> victims = wholeNode ? roles : List.of(roles.get(turn % (roles.size() + 1)));
            String name = wholeNode ? NODE : victims.getFirst().name();
            try {
                for (RoleProcess victim : victims) {
                    victim.kill();
                }
                out.printf("soak: %4.0f s  kill -9 %s%n", (System.nanoTime() - started) / 1e9, name);
                for (RoleProcess victim : victims) {
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
    private void restart(RoleProcess role) throws InterruptedException {
        while (true) {
            try {
                role.start(READY_WITHIN);
                return;
            } catch (IllegalStateException e) {
                failedRestarts++;
                out.println("soak: " + role.name() + " did not come back: " + e.getMessage());
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

    /** Whether every role was killed and came back at least once. */
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
