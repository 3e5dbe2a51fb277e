package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.generate.DocumentShape.ArrayShape;
import org.edfi.dms.loader.generate.DocumentShape.DescriptorShape;
import org.edfi.dms.loader.generate.DocumentShape.ObjectShape;
import org.edfi.dms.loader.generate.DocumentShape.Property;
import org.edfi.dms.loader.generate.DocumentShape.ReferenceShape;
import org.edfi.dms.loader.generate.DocumentShape.ScalarShape;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * Makes the documents of one resource, one at a time, from its {@link DocumentShape}.
 *
 * <p>A document is made in two steps. First its references outside arrays are chosen: the
 * "spread" reference (the one whose target has the most documents, e.g. the student of a
 * student-section association) takes the targets in turn, so every student gets its share of
 * associations; the others are drawn, those carrying the most identity values first, because a
 * compound key (a session: school, school year, name) fixes the parts that simpler references (the
 * school) must then agree with through the equality constraints ({@link SharedKeys}). Then the
 * document is written out in JSON Schema order, references in arrays drawn as they come, values
 * made by {@link ScalarValues}, and every value of a shared key taken from the path that fixed it.
 *
 * <p>Every document must be new, so that loading it creates rather than updates: its natural key
 * (and for a subclass, its superclass key) is checked against those produced before, and a
 * document that repeats one, or that finds no candidate agreeing with its shared keys, is made
 * again with other draws.
 */
final class DocumentGenerator {

    /** Attempts per document before the scenario is declared impossible. */
    static final int MAX_ATTEMPTS = 1000;
    /** Attempts that keep the spread reference's turn before it is drawn like the others. */
    private static final int SPREAD_ATTEMPTS = 4;

    private static final JsonNodeFactory JSON = MessageCodec.MAPPER.getNodeFactory();

    private final ResourceSchema resource;
    private final DocumentShape shape;
    private final GeneratedIdentities identities;
    private final ScalarValues values;
    private final FixedValues fixedValues;
    private final SplittableRandom random;
    private final SharedKeys sharedKeys;
    private final List<ReferenceShape> chosenFirst;
    private final Optional<ReferenceShape> spread;
    private final LongSet produced = new LongSet();

    DocumentGenerator(DocumentShape shape, GeneratedIdentities identities, ScalarValues values, FixedValues fixedValues, SplittableRandom random) {
        this.resource = shape.resource();
        this.shape = shape;
        this.identities = identities;
        this.values = values;
        this.fixedValues = fixedValues;
        this.random = random;
        this.sharedKeys = SharedKeys.of(resource);
        List<ReferenceShape> outsideArrays = shape.references().stream().filter(r -> !r.inArray()).toList();
        for (ReferenceShape reference : shape.references()) {
            if (identities.candidates(reference.reference().target()).size() == 0) {
                throw new GenerationException(resource + " needs a document of " + reference.reference().target()
                        + " for " + reference.reference().objectPath() + ", and none was generated before it");
            }
        }
        this.spread = outsideArrays.stream()
                .max(Comparator.comparingInt((ReferenceShape r) -> identities.candidates(r.reference().target()).size())
                        .thenComparing(r -> -outsideArrays.indexOf(r)));
        List<ReferenceShape> others = new ArrayList<>(outsideArrays);
        spread.ifPresent(others::remove);
        others.sort(Comparator.comparingInt((ReferenceShape r) -> -r.reference().fields().size()));
        List<ReferenceShape> order = new ArrayList<>();
        spread.ifPresent(order::add);
        order.addAll(others);
        this.chosenFirst = List.copyOf(order);
    }

    /**
     * The {@code number}th document (from 1) of the resource.
     *
     * @throws GenerationException when {@value #MAX_ATTEMPTS} attempts found no new natural key
     */
    ObjectNode next(long number) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ObjectNode document = attempt(number, attempt);
            if (document == null) {
                continue;
            }
            DocumentIdentity identity = DocumentExtractor.identityOf(resource, document);
            if (produced.contains(GeneratedIdentities.hash(identity))) {
                continue;
            }
            Optional<DocumentIdentity> superclass = resource.superclass().isPresent()
                    ? DocumentExtractor.extract(resource, document).superclassIdentity()
                    : Optional.empty();
            if (superclass.isPresent() && identities.holdsSuperclassIdentity(superclass.get())) {
                continue;
            }
            produced.add(GeneratedIdentities.hash(identity));
            superclass.ifPresent(identities::takeSuperclassIdentity);
            identities.add(resource, document);
            return document;
        }
        throw new GenerationException("cannot make document " + number + " of " + resource + " with a natural key of its own after "
                + MAX_ATTEMPTS + " attempts: its key has too few combinations of references, descriptor values and dates for the count asked;"
                + " lower its count in the scenario, or raise the counts of what it references (or codeValuesPerDescriptor, or the dates' span)");
    }

    /** One try: the document, or null when a reference found no candidate agreeing with the shared keys fixed so far. */
    private ObjectNode attempt(long number, int attempt) {
        Map<String, JsonNode> fixed = new HashMap<>(fixedValues.of(resource, number));
        Map<ReferenceDefinition, ObjectNode> chosen = new IdentityHashMap<>();
        for (ReferenceShape reference : chosenFirst) {
            long turn = spread.isPresent() && spread.get() == reference && attempt < SPREAD_ATTEMPTS ? number - 1 : -1;
            ObjectNode value = pick(reference.reference(), fixed, turn);
            if (value == null) {
                return null;
            }
            chosen.put(reference.reference(), value);
        }
        return object(shape.root(), number, fixed, chosen);
    }

    private ObjectNode object(ObjectShape object, long number, Map<String, JsonNode> fixed, Map<ReferenceDefinition, ObjectNode> chosen) {
        ObjectNode node = JSON.objectNode();
        for (Property property : object.properties()) {
            JsonNode value = value(property.shape(), number, fixed, chosen);
            if (value == null) {
                return null;
            }
            node.set(property.name(), value);
        }
        return node;
    }

    private JsonNode value(DocumentShape.Shape part, long number, Map<String, JsonNode> fixed, Map<ReferenceDefinition, ObjectNode> chosen) {
        return switch (part) {
            case ObjectShape object -> object(object, number, fixed, chosen);
            case ArrayShape array -> {
                ArrayNode items = JSON.arrayNode(array.count());
                for (int i = 0; i < array.count(); i++) {
                    JsonNode item = value(array.items(), number, fixed, chosen);
                    if (item == null) {
                        yield null;
                    }
                    items.add(item);
                }
                yield items;
            }
            case ReferenceShape reference -> reference.inArray() ? pick(reference.reference(), fixed, -1) : chosen.get(reference.reference());
            case DescriptorShape descriptor -> shared(descriptor.path(), fixed, () -> {
                List<JsonNode> uris = identities.descriptorValues(descriptor.descriptor().descriptor());
                if (uris.isEmpty()) {
                    throw new GenerationException(resource + " needs values of " + descriptor.descriptor().descriptor() + ", and none were generated");
                }
                return uris.get(random.nextInt(uris.size()));
            });
            case ScalarShape scalar -> shared(scalar.path(), fixed, () -> scalar.identity()
                    ? values.identity(scalar.path(), scalar.schema(), resource.name().resourceName(), number, identities::nextNumber, random)
                    : values.value(scalar.path(), scalar.schema(), random));
        };
    }

    private interface Make {
        JsonNode value();
    }

    /** The value a resource kind fixes, or the one a shared key already holds, or else a new one (which then fixes the shared key). */
    private JsonNode shared(String path, Map<String, JsonNode> fixed, Make make) {
        JsonNode value = fixed.get(path);
        if (value == null && sharedKeys.isShared(path)) {
            value = fixedValue(path, fixed);
        }
        if (value == null) {
            value = make.value();
            if (sharedKeys.isShared(path)) {
                fixed.put(path, value);
            }
        }
        return value;
    }

    private JsonNode fixedValue(String path, Map<String, JsonNode> fixed) {
        for (String member : sharedKeys.group(path)) {
            JsonNode value = fixed.get(member);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * A reference object: the identity of a candidate that agrees with every shared key fixed so
     * far, the one whose {@code turn} it is when there is no such key and a turn is given, or null
     * when no candidate agrees.
     */
    private ObjectNode pick(ReferenceDefinition reference, Map<String, JsonNode> fixed, long turn) {
        Candidates candidates = identities.candidates(reference.target());
        List<ReferenceDefinition.Field> fields = reference.fields();
        int[] constrained = new int[fields.size()];
        List<JsonNode> required = new ArrayList<>(fields.size());
        int count = 0;
        for (int f = 0; f < fields.size(); f++) {
            String path = fields.get(f).referencePath().toString();
            JsonNode value = sharedKeys.isShared(path) ? fixedValue(path, fixed) : null;
            if (value != null) {
                constrained[count++] = f;
                required.add(value);
            }
        }
        int candidate;
        if (count == 0) {
            candidate = turn >= 0 ? (int) (turn % candidates.size()) : random.nextInt(candidates.size());
        } else {
            int[] agreeing = candidates.matching(Arrays.copyOf(constrained, count), required);
            if (agreeing.length == 0) {
                return null;
            }
            candidate = agreeing[random.nextInt(agreeing.length)];
        }
        ObjectNode object = JSON.objectNode();
        for (int f = 0; f < fields.size(); f++) {
            ReferenceDefinition.Field field = fields.get(f);
            JsonNode value = candidates.value(candidate, f);
            object.set(field.propertyName(), value);
            String path = field.referencePath().toString();
            if (sharedKeys.isShared(path)) {
                fixed.putIfAbsent(path, value);
            }
        }
        return object;
    }
}
