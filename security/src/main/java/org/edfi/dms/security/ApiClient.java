package org.edfi.dms.security;

import java.time.Instant;
import java.util.List;
import org.edfi.dms.contracts.InstanceId;

/** A key of an application, as it is shown: never its secret, which is stored only as a hash. */
public record ApiClient(String clientId, long applicationId, String vendor, String application, List<InstanceId> instances,
        Instant createdAt, boolean active) {

    public ApiClient {
        instances = List.copyOf(instances);
    }
}
