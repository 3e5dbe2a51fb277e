package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a request does to a resource, as Ed-Fi claim sets name it: POST creates (or, when the
 * document exists, updates), GET reads, PUT updates, DELETE deletes, and change queries read changes.
 */
public enum Action {
    CREATE("Create"), READ("Read"), UPDATE("Update"), DELETE("Delete"), READ_CHANGES("ReadChanges");

    private final String edFiName;

    Action(String edFiName) {
        this.edFiName = edFiName;
    }

    /** The name in Ed-Fi security metadata: {@code Create}, {@code Read}, ... {@code ReadChanges}. */
    @JsonValue
    public String edFiName() {
        return edFiName;
    }

    public static Optional<Action> byEdFiName(String name) {
        return Arrays.stream(values()).filter(a -> a.edFiName.equals(name)).findFirst();
    }

    @JsonCreator
    static Action fromJson(String name) {
        return byEdFiName(name).orElseThrow(() -> new IllegalArgumentException("unknown action " + name));
    }
}
