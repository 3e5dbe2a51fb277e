package org.edfi.dms.security;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;

/**
 * One claim set as the Ed-Fi claim-set export and import carry it: what it is given, claim by
 * claim (by the claim's full name, in hierarchy order), action by action with its strategy
 * overrides (an empty list: the claims' defaults). {@link ClaimSetJson} reads and writes it.
 */
public record ClaimSetDefinition(String name, Map<String, Map<Action, List<AuthorizationStrategy>>> grants) {

    public ClaimSetDefinition {
        Map<String, Map<Action, List<AuthorizationStrategy>>> copy = new LinkedHashMap<>();
        grants.forEach((claim, actions) -> {
            Map<Action, List<AuthorizationStrategy>> byAction = new EnumMap<>(Action.class);
            actions.forEach((action, strategies) -> byAction.put(action, List.copyOf(strategies)));
            copy.put(claim, Collections.unmodifiableMap(byAction));
        });
        grants = Collections.unmodifiableMap(copy);
    }

    public ClaimSetDefinition named(String newName) {
        return new ClaimSetDefinition(newName, grants);
    }
}
