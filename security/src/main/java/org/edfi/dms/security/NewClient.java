package org.edfi.dms.security;

import java.util.List;
import org.edfi.dms.contracts.InstanceId;

/** A request for a client of an application, named by its vendor and name; its tokens reach {@code instances}. */
public record NewClient(String vendor, String application, List<InstanceId> instances) {

    public NewClient {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
