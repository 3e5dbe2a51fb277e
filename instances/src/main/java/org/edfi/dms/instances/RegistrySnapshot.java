package org.edfi.dms.instances;

import java.util.List;

/** Every tenant and instance as of one registry version, read in one transaction. */
public record RegistrySnapshot(long version, List<Tenant> tenants, List<Instance> instances) {

    public RegistrySnapshot {
        tenants = List.copyOf(tenants);
        instances = List.copyOf(instances);
    }
}
