package org.edfi.dms.runtime.instances;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.instances.RegistrySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node knows of the configuration store: the instances that are ready, refreshed whenever
 * the registry's version moves (a cheap poll), so that instances created, purged or deleted through
 * any node reach every node without a restart. Routes look instances up here on every request.
 */
public final class InstanceCatalog implements InstanceRoutes.Directory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceCatalog.class);

    private final InstanceRegistry registry;
    private final Duration interval;
    private final List<Consumer<List<Instance>>> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistrySnapshot snapshot;
    private volatile List<Instance> ready = List.of();
    private final Thread poller;
    private volatile boolean running = true;

    public InstanceCatalog(InstanceRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
        refresh();
        this.poller = Thread.ofPlatform().daemon().name("dms-instance-catalog").start(this::poll);
    }

    /** Called with the ready instances now and after every change; listeners start and stop what each instance needs. */
    public void onChange(Consumer<List<Instance>> listener) {
        listeners.add(listener);
        listener.accept(ready);
    }

    /** Reads the registry again now (after this node changed it), telling the listeners when anything moved. */
    public synchronized void refresh() {
        RegistrySnapshot next = registry.snapshot();
        if (snapshot != null && next.version() == snapshot.version()) {
            return;
        }
        snapshot = next;
        ready = next.instances().stream().filter(Instance::ready).toList();
        listeners.forEach(listener -> listener.accept(ready));
    }

    /** The instances an operation is under way on (provisioning, purging, deleting), by instance ({@code tenant.instance}), with its state. */
    public SortedMap<String, String> underway() {
        SortedMap<String, String> states = new TreeMap<>();
        snapshot.instances().stream().filter(instance -> !instance.ready())
                .forEach(instance -> states.put(instance.id().toString(), instance.state().label()));
        return states;
    }

    public List<Instance> ready() {
        return ready;
    }

    @Override
    public Optional<InstanceId> find(String tenant, Map<String, String> context) {
        for (Instance instance : ready) {
            if (instance.tenant().equals(tenant) && instance.context().equals(context)) {
                return Optional.of(instance.id());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<InstanceId> only() {
        List<Instance> now = ready;
        return now.size() == 1 ? Optional.of(now.getFirst().id()) : Optional.empty();
    }

    private void poll() {
        while (running) {
            try {
                Thread.sleep(interval);
                if (registry.changedSince(snapshot.version())) {
                    refresh();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The configuration store is unreachable: keep serving what is known, try again.
                LOG.warn("Reading the instance registry failed; retrying", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
