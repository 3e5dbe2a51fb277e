package org.edfi.dms.loader.xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One XML element, immutable: its local name (the namespace is dropped, Ed-Fi interchanges use one),
 * its attributes without a namespace ({@code id}, {@code ref}; {@code xsi:*} and other namespaced
 * attributes are left out), its character data exactly as written, and its child elements in
 * document order.
 *
 * <p>The text is not trimmed: a string value's surrounding spaces are data (validation rejects
 * them), so only the mapper decides what to strip, per type. An element with children keeps an
 * empty text when its own character data is only the indentation between them.
 */
public record XmlElement(String name, Map<String, String> attributes, String text, List<XmlElement> children) {

    public XmlElement {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        text = text == null ? "" : text;
    }

    /** A leaf element holding a value. */
    public static XmlElement leaf(String name, String text) {
        return new XmlElement(name, Map.of(), text, List.of());
    }

    /** True when the element has no child elements, so its text is its value. */
    public boolean isLeaf() {
        return children.isEmpty();
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The children with a given name, in document order. */
    public List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The first child with a given name. */
    public Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    @Override
    public String toString() {
        return isLeaf() ? "<" + name + ">" + text + "</" + name + ">" : "<" + name + "> with " + children.size() + " children";
    }
}
