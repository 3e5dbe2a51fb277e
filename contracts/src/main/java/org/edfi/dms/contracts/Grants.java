package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client's claim set grants on one resource: the actions it may take, each with the
 * authorization strategies that decide which documents it reaches. The access guard resolves them
 * once per request from the Ed-Fi claims; the services and the integrity processor apply the
 * strategies. On Kafka, {@code {"Create": ["NamespaceBased"], "Update": ["NamespaceBased"]}}.
 */
public record Grants(Map<Action, List<AuthorizationStrategy>> byAction) {

    /** Every action with no further authorization: a trusted writer's. */
    public static final Grants EVERYTHING = everything();

    public Grants {
        EnumMap<Action, List<AuthorizationStrategy>> copy = new EnumMap<>(Action.class);
        byAction.forEach((action, strategies) -> copy.put(action, List.copyOf(strategies)));
        byAction = java.util.Collections.unmodifiableMap(copy);
    }

    @JsonCreator
    static Grants fromJson(Map<Action, List<AuthorizationStrategy>> byAction) {
        return new Grants(byAction);
    }

    @JsonValue
    Map<Action, List<AuthorizationStrategy>> json() {
        return byAction;
    }

    /** The strategies of {@code action}, empty when it is not granted. */
    public Optional<List<AuthorizationStrategy>> strategies(Action action) {
        return Optional.ofNullable(byAction.get(action));
    }

    public boolean allows(Action action) {
        return byAction.containsKey(action);
    }

    /** Only these actions' grants: what a write command needs to carry. */
    public Grants only(Action... actions) {
        Map<Action, List<AuthorizationStrategy>> kept = new EnumMap<>(Action.class);
        for (Action action : actions) {
            strategies(action).ifPresent(strategies -> kept.put(action, strategies));
        }
        return new Grants(kept);
    }

    private static Grants everything() {
        Map<Action, List<AuthorizationStrategy>> all = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            all.put(action, List.of(AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED));
        }
        return new Grants(all);
    }
}
