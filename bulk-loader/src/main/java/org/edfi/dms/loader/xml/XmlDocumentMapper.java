package org.edfi.dms.loader.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.loader.xml.XmlValues.ValueType;
import org.edfi.dms.schema.AbstractResource;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.Superclass;

/**
 * Converts Ed-Fi XML interchange records into Ed-Fi API JSON documents, driven only by the
 * ApiSchema: a record element is named after its resource ({@code <School>}), and each resource's
 * documentPathsMapping, read as XML element paths by {@link RuleCompiler}, says where every
 * element's value goes. Descriptor records, which have no mapping, take the JSON Schema's property
 * of the same lowerCamelCase name ({@code <CodeValue>} is {@code codeValue}).
 *
 * <p>A reference is read with its target's own rules: {@code <SessionReference><SessionIdentity>}
 * is converted as a (partial) Session, and the ApiSchema's reference fields copy its identity
 * values into {@code sessionReference}. A reference written as {@code ref="..."} takes them from
 * the record with that {@code id}, found through {@link ReferenceTargets}.
 *
 * <p>Rules are compiled once per resource, on first use, and shared; the mapper is thread-safe.
 * The documents are not validated: that is {@code DocumentValidator}'s job, so a record with, for
 * example, a missing identity value converts, and fails validation with the API's own message.
 */
public final class XmlDocumentMapper {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How many {@code ref}s may be followed from one record: deeper chains are cycles in practice. */
    private static final int MAX_REF_DEPTH = 16;

    /** A resource's rules, or why its mapping cannot be read as XML (every record of it then fails with that reason). */
    private record Compiled(ElementRule.Group rules, String problem) {}

    /** One conversion: the {@code ref} targets, and the ids being followed, to stop cycles. */
    private record Conversion(ReferenceTargets targets, Deque<String> following) {}

    private final ApiSchema schema;
    private final RuleCompiler compiler;
    private final Map<QualifiedResourceName, Compiled> rules = new ConcurrentHashMap<>();
    private final Map<QualifiedResourceName, Compiled> identityRules = new ConcurrentHashMap<>();
    private final Map<QualifiedResourceName, Compiled> abstractRules = new ConcurrentHashMap<>();

    public XmlDocumentMapper(ApiSchema schema) {
        this.schema = schema;
        this.compiler = new RuleCompiler(schema);
    }

    /**
     * The resource whose records are elements of this name (the core project first, then
     * extensions), or empty when an element is not a record: {@code StudentGradebook.xml} has a
     * top-level {@code <SectionReference>}, which its XSD allows but which is no resource.
     */
    public Optional<ResourceSchema> resourceNamed(String elementName) {
        for (ProjectSchema project : schema.projects()) {
            Optional<ResourceSchema> resource = project.findByResourceName(elementName);
            if (resource.isPresent()) {
                return resource;
            }
        }
        return Optional.empty();
    }

    /** Converts a record of the resource its element names. */
    public ObjectNode toDocument(XmlElement record, ReferenceTargets targets) throws XmlMappingException {
        ResourceSchema resource = resourceNamed(record.name())
                .orElseThrow(() -> new XmlMappingException(record.name(), "not a resource of the ApiSchema, so not a record to load"));
        return toDocument(resource, record, targets);
    }

    /**
     * Converts a record into the POST body of {@code resource}.
     *
     * @throws XmlMappingException when the record holds what its resource cannot (an unexpected
     *     element or attribute, a value not of its type, a value given twice, a {@code ref} to no
     *     record); the message names the element path
     * @throws IllegalArgumentException when the element is not a record of {@code resource}
     */
    public ObjectNode toDocument(ResourceSchema resource, XmlElement record, ReferenceTargets targets) throws XmlMappingException {
        if (!record.name().equals(resource.name().resourceName())) {
            throw new IllegalArgumentException("<" + record.name() + "> is not a record of " + resource.name());
        }
        return convertRecord(resource, record, new Conversion(targets, new ArrayDeque<>()), ElementTrail.of(record));
    }

    private ObjectNode convertRecord(ResourceSchema resource, XmlElement record, Conversion conversion, ElementTrail trail)
            throws XmlMappingException {
        ObjectNode document = JSON.objectNode();
        if (resource.isDescriptor()) {
            checkAttributes(record, trail, false);
            fillDescriptor(resource, record, document, trail);
        } else {
            fill(rulesOf(resource, trail), record, document, conversion, trail);
        }
        return document;
    }

    /** Descriptors have no documentPathsMapping: each element is the JSON Schema property of its lowerCamelCase name. */
    private static void fillDescriptor(ResourceSchema resource, XmlElement record, ObjectNode document, ElementTrail trail)
            throws XmlMappingException {
        requireNoText(record, trail);
        JsonNode properties = resource.jsonSchemaForInsert().path("properties");
        for (XmlElement child : record.children()) {
            ElementTrail at = trail.child(child);
            checkAttributes(child, at, false);
            String property = XmlNames.lowerCamel(child.name());
            JsonNode propertySchema = properties.get(property);
            if (propertySchema == null) {
                throw new XmlMappingException(at.toString(), "unexpected element: a " + resource.name().resourceName() + " has no property " + property);
            }
            if (!child.isLeaf()) {
                throw new XmlMappingException(at.toString(), "a value is expected, not child elements");
            }
            ValueType type = switch (propertySchema.path("type").asText("string")) {
                case "integer" -> ValueType.INTEGER;
                case "number" -> ValueType.DECIMAL;
                case "boolean" -> ValueType.BOOLEAN;
                default -> propertySchema.has("format") ? ValueType.COLLAPSED_STRING : ValueType.STRING;
            };
            put(document, List.of(property), parse(type, child, at), at);
        }
    }

    /** Converts the children of {@code element} by {@code rule} into {@code item}. */
    private void fill(ElementRule.Group rule, XmlElement element, ObjectNode item, Conversion conversion, ElementTrail trail)
            throws XmlMappingException {
        requireNoText(element, trail);
        for (XmlElement child : element.children()) {
            ElementTrail at = trail.child(child);
            ElementRule childRule = rule.children().get(child.name());
            if (childRule == null) {
                throw new XmlMappingException(at.toString(), "unexpected element: no documentPathsMapping key leads to it");
            }
            ObjectNode target = childRule.repeats() ? arrayAt(item, childRule.arrayPath(), at).addObject() : item;
            switch (childRule) {
                case ElementRule.Group group -> {
                    checkAttributes(child, at, false);
                    fill(group, child, target, conversion, at);
                }
                case ElementRule.Value value -> {
                    checkAttributes(child, at, false);
                    if (!child.isLeaf()) {
                        throw new XmlMappingException(at.toString(), "a value is expected, not child elements");
                    }
                    put(target, value.path(), parse(value.type(), child, at), at);
                }
                case ElementRule.Reference reference -> {
                    checkAttributes(child, at, true);
                    ObjectNode object = JSON.objectNode();
                    fillReference(reference.definition(), child, object, conversion, at);
                    put(target, reference.objectPath(), object, at);
                }
            }
        }
    }

    /** Copies the target's identity values, read from its identity element or from the record its {@code ref} names. */
    private void fillReference(ReferenceDefinition definition, XmlElement element, ObjectNode object, Conversion conversion, ElementTrail trail)
            throws XmlMappingException {
        requireNoText(element, trail);
        QualifiedResourceName target = definition.target();
        String identityName = target.resourceName() + "Identity";
        XmlElement identity = null;
        for (XmlElement child : element.children()) {
            if (!child.name().equals(identityName) || identity != null) {
                throw new XmlMappingException(trail.child(child).toString(),
                        "unexpected element: a reference to " + target.resourceName() + " holds one " + identityName + " or a ref attribute");
            }
            identity = child;
        }
        ObjectNode targetDocument;
        Optional<String> ref = element.attribute("ref");
        if (identity != null) {
            ElementTrail at = trail.child(identity);
            checkAttributes(identity, at, false);
            targetDocument = JSON.objectNode();
            fill(identityRules(target, at), identity, targetDocument, conversion, at);
        } else if (ref.isPresent()) {
            targetDocument = referencedDocument(target, ref.get(), conversion, trail);
        } else {
            throw new XmlMappingException(trail.toString(), "the reference has neither an " + identityName + " nor a ref attribute");
        }
        for (ReferenceDefinition.Field field : definition.fields()) {
            List<JsonNode> values = field.targetIdentityPath().values(targetDocument);
            if (values.isEmpty()) {
                continue; // validation reports the incomplete reference with the API's message
            }
            JsonNode value = values.getFirst();
            JsonNode existing = object.get(field.propertyName());
            if (existing == null) {
                object.set(field.propertyName(), value.deepCopy());
            } else if (!sameValue(existing, value)) {
                throw new XmlMappingException(trail.toString(), "the identity gives " + field.propertyName() + " two values, "
                        + existing + " and " + value);
            }
        }
    }

    /** The identity of the record with {@code id} = {@code ref}, as the target resource names it. */
    private ObjectNode referencedDocument(QualifiedResourceName target, String ref, Conversion conversion, ElementTrail trail)
            throws XmlMappingException {
        if (conversion.following().contains(ref)) {
            throw new XmlMappingException(trail.toString(), "ref \"" + ref + "\" leads back to itself through " + conversion.following());
        }
        if (conversion.following().size() >= MAX_REF_DEPTH) {
            throw new XmlMappingException(trail.toString(), "more than " + MAX_REF_DEPTH + " refs followed in a row: " + conversion.following());
        }
        XmlElement record = conversion.targets().recordWithId(ref)
                .orElseThrow(() -> new XmlMappingException(trail.toString(), "ref \"" + ref + "\" names no record (none has id=\"" + ref + "\")"));
        Optional<ResourceSchema> resource = resourceNamed(record.name());
        Optional<Superclass> asSuperclass = resource.flatMap(ResourceSchema::superclass).filter(s -> s.name().equals(target));
        if (resource.isEmpty() || !resource.get().name().equals(target) && asSuperclass.isEmpty()) {
            throw new XmlMappingException(trail.toString(), "ref \"" + ref + "\" names a " + record.name() + ", not a " + target.resourceName());
        }
        ObjectNode document;
        conversion.following().push(ref);
        try {
            document = convertRecord(resource.get(), record, conversion, ElementTrail.of(record));
        } catch (XmlMappingException e) {
            throw new XmlMappingException(trail.toString(), "ref \"" + ref + "\" names a record that cannot be read: " + e.getMessage(), e);
        } finally {
            conversion.following().pop();
        }
        // A School referenced as an EducationOrganization: its schoolId is the educationOrganizationId.
        Optional<JsonPath> rename = asSuperclass.flatMap(Superclass::identityRename);
        if (rename.isPresent()) {
            JsonNode id = resource.get().declaredIdentityPaths().getFirst().value(document);
            ObjectNode asTarget = JSON.objectNode();
            if (id != null) {
                asTarget.set(rename.get().lastPropertyName(), id);
            }
            return asTarget;
        }
        return document;
    }

    private ElementRule.Group rulesOf(ResourceSchema resource, ElementTrail trail) throws XmlMappingException {
        return rulesOrFail(compiled(resource), resource.name(), trail);
    }

    private ElementRule.Group identityRules(QualifiedResourceName target, ElementTrail trail) throws XmlMappingException {
        Optional<ResourceSchema> concrete = schema.findResource(target);
        if (concrete.isPresent()) {
            Compiled compiled = identityRules.get(target);
            if (compiled == null) {
                Compiled record = compiled(concrete.get());
                compiled = record.rules() == null ? record : new Compiled(RuleCompiler.identityRules(record.rules()), null);
                identityRules.putIfAbsent(target, compiled);
            }
            return rulesOrFail(compiled, target, trail);
        }
        AbstractResource abstractTarget = schema.findAbstract(target)
                .orElseThrow(() -> new XmlMappingException(trail.toString(), target + " is not a resource of the ApiSchema"));
        Compiled compiled = abstractRules.get(target);
        if (compiled == null) {
            try {
                compiled = new Compiled(compiler.compileAbstract(abstractTarget, subclass -> {
                    Compiled own = compiled(subclass);
                    if (own.rules() == null) {
                        throw new IllegalArgumentException(own.problem());
                    }
                    return RuleCompiler.identityRules(own.rules());
                }), null);
            } catch (IllegalArgumentException e) {
                compiled = new Compiled(null, e.getMessage());
            }
            abstractRules.putIfAbsent(target, compiled);
        }
        return rulesOrFail(compiled, target, trail);
    }

    private Compiled compiled(ResourceSchema resource) {
        Compiled compiled = rules.get(resource.name());
        if (compiled == null) {
            try {
                compiled = new Compiled(compiler.compile(resource), null);
            } catch (IllegalArgumentException e) {
                compiled = new Compiled(null, e.getMessage());
            }
            rules.putIfAbsent(resource.name(), compiled);
        }
        return compiled;
    }

    private static ElementRule.Group rulesOrFail(Compiled compiled, QualifiedResourceName resource, ElementTrail trail) throws XmlMappingException {
        if (compiled.rules() == null) {
            throw new XmlMappingException(trail.toString(), "the ApiSchema's documentPathsMapping of " + resource
                    + " cannot be read as XML element paths: " + compiled.problem());
        }
        return compiled.rules();
    }

    private static JsonNode parse(ValueType type, XmlElement leaf, ElementTrail trail) throws XmlMappingException {
        try {
            return XmlValues.parse(type, leaf.text());
        } catch (IllegalArgumentException e) {
            throw new XmlMappingException(trail.toString(), e.getMessage());
        }
    }

    /** Sets a value at a relative path, creating the objects on the way; a second value for one place is an error, not an overwrite. */
    private static void put(ObjectNode item, List<String> path, JsonNode value, ElementTrail trail) throws XmlMappingException {
        ObjectNode parent = objectsAlong(item, path.subList(0, path.size() - 1), trail);
        String name = path.getLast();
        if (parent.has(name)) {
            throw new XmlMappingException(trail.toString(), "a second value for " + String.join(".", path) + ", which takes one");
        }
        parent.set(name, value);
    }

    private static ArrayNode arrayAt(ObjectNode item, List<String> path, ElementTrail trail) throws XmlMappingException {
        ObjectNode parent = objectsAlong(item, path.subList(0, path.size() - 1), trail);
        JsonNode existing = parent.get(path.getLast());
        if (existing == null) {
            return parent.putArray(path.getLast());
        }
        if (existing instanceof ArrayNode array) {
            return array;
        }
        throw new XmlMappingException(trail.toString(), String.join(".", path) + " is both a list and a single value");
    }

    private static ObjectNode objectsAlong(ObjectNode item, List<String> path, ElementTrail trail) throws XmlMappingException {
        ObjectNode node = item;
        for (String name : path) {
            JsonNode next = node.get(name);
            if (next == null) {
                next = node.putObject(name);
            } else if (!(next instanceof ObjectNode)) {
                throw new XmlMappingException(trail.toString(), name + " is both an object and a value");
            }
            node = (ObjectNode) next;
        }
        return node;
    }

    /** Attributes carry no Ed-Fi data: {@code id} anchors a record for {@code ref}s, and {@code ref} is a reference. Anything else would be lost. */
    private static void checkAttributes(XmlElement element, ElementTrail trail, boolean refAllowed) throws XmlMappingException {
        for (String name : element.attributes().keySet()) {
            if (!name.equals("id") && !(refAllowed && name.equals("ref"))) {
                throw new XmlMappingException(trail.toString(), "unexpected attribute " + name);
            }
        }
    }

    private static void requireNoText(XmlElement element, ElementTrail trail) throws XmlMappingException {
        if (!element.text().isBlank()) {
            throw new XmlMappingException(trail.toString(), "child elements are expected, not the text \"" + element.text().strip() + "\"");
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
