package org.edfi.dms.instances;

import java.time.Instant;

/** A tenant: an operator's customer (a state, a district, a vendor), owning datastore instances. */
public record Tenant(String name, Instant createdAt) {}
