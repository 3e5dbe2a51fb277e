package org.edfi.dms.loader.xml;

import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.ReferenceDefinition;

/**
 * What one XML element, found by name under its parent, becomes in the JSON document. Compiled
 * from a resource's documentPathsMapping by {@link RuleCompiler}.
 *
 * <p>JSON paths here are relative and free of {@code [*]}: every {@code [*]} of the ApiSchema's
 * paths belongs to one repeating element, and each occurrence of that element starts a new item of
 * the array at its {@link #arrayPath()}. Paths below it are relative to that item (or to the
 * document when no enclosing element repeats).
 */
sealed interface ElementRule permits ElementRule.Group, ElementRule.Value, ElementRule.Reference {

    /** The XML element name. */
    String name();

    /**
     * The array, relative to the enclosing item, that each occurrence of this element adds an item
     * to ({@code [addresses]}, {@code [contentStandard, authors]}); empty when the element does not
     * repeat.
     */
    List<String> arrayPath();

    default boolean repeats() {
        return !arrayPath().isEmpty();
    }

    /** An element made of other elements: a common (inline or not), a collection item, a record. */
    record Group(String name, List<String> arrayPath, Map<String, ElementRule> children) implements ElementRule {
        public Group {
            arrayPath = List.copyOf(arrayPath);
            children = Map.copyOf(children);
        }
    }

    /**
     * A leaf whose text is a value: a scalar, a descriptor URI, or a school year (a reference to the
     * school year enumeration is written as its value alone).
     *
     * @param path where the value goes, relative to the item
     * @param key the documentPathsMapping key it was compiled from, for messages
     */
    record Value(String name, List<String> arrayPath, List<String> path, XmlValues.ValueType type, String key) implements ElementRule {
        public Value {
            arrayPath = List.copyOf(arrayPath);
            path = List.copyOf(path);
        }
    }

    /**
     * A document reference, {@code <XReference>} holding an {@code <XIdentity>} or a {@code ref}.
     *
     * @param objectPath where the reference object goes, relative to the item
     */
    record Reference(String name, List<String> arrayPath, List<String> objectPath, ReferenceDefinition definition) implements ElementRule {
        public Reference {
            arrayPath = List.copyOf(arrayPath);
            objectPath = List.copyOf(objectPath);
        }
    }
}
