package org.edfi.dms.loader.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.loader.generate.DocumentShape.DescriptorShape;
import org.edfi.dms.loader.generate.DocumentShape.ReferenceShape;
import org.edfi.dms.schema.AbstractResource;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DependencyOrder;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Which resources to generate, how many documents of each, and in which order: the scenario's
 * resources, plus everything their documents need, in the ApiSchema's dependency order so that
 * every reference points at a document generated before it.
 *
 * <ul>
 *   <li>A required reference to a resource the scenario does not list adds that resource with the
 *       scenario's {@code addedResourceCount}; to an abstract resource (EducationOrganization) none
 *       of whose subclasses is listed, the subclass with the fewest dependencies.</li>
 *   <li>Every descriptor a generated document carries adds that descriptor with
 *       {@code codeValuesPerDescriptor} values, unless the scenario gives its own count.</li>
 * </ul>
 * Only required properties are generated, so only required references and descriptors count.
 */
public final class GenerationPlan {

    /** Why a resource is generated. */
    public enum Reason {
        /** The scenario lists it. */
        SCENARIO,
        /** A listed resource requires a reference to it. */
        REFERENCED,
        /** A generated document carries one of its values. */
        DESCRIPTOR
    }

    /**
     * One resource to generate.
     *
     * @param referenced whether later documents reference it, so its identities must be kept
     */
    public record Step(ResourceSchema resource, long documents, Reason reason, boolean referenced) {}

    private final List<Step> steps;
    private final Map<ResourceSchema, DocumentShape> shapes;

    private GenerationPlan(List<Step> steps, Map<ResourceSchema, DocumentShape> shapes) {
        this.steps = List.copyOf(steps);
        this.shapes = Map.copyOf(shapes);
    }

    /** In generation order: dependency order, then project and endpoint name. */
    public List<Step> steps() {
        return steps;
    }

    public long documents() {
        return steps.stream().mapToLong(Step::documents).sum();
    }

    DocumentShape shape(ResourceSchema resource) {
        return shapes.get(resource);
    }

    /** @throws GenerationException when the scenario names an unknown resource or one that cannot be generated */
    public static GenerationPlan of(ApiSchema schema, Scenario scenario, long scale) {
        Map<ResourceSchema, Long> counts = new LinkedHashMap<>();
        Map<ResourceSchema, Reason> reasons = new HashMap<>();
        for (Map.Entry<String, Scenario.Count> entry : scenario.resources().entrySet()) {
            ResourceSchema resource = resolve(schema, scenario, entry.getKey());
            if (counts.put(resource, entry.getValue().at(scale)) != null) {
                throw new GenerationException(scenario.name() + ": " + resource + " is listed twice");
            }
            reasons.put(resource, Reason.SCENARIO);
        }

        Map<ResourceSchema, DocumentShape> shapes = new HashMap<>();
        Deque<ResourceSchema> work = new ArrayDeque<>(counts.keySet());
        while (!work.isEmpty()) {
            ResourceSchema resource = work.poll();
            if (counts.get(resource) == 0) {
                continue; // no documents, so nothing they need
            }
            DocumentShape shape = shapes.computeIfAbsent(resource, DocumentShape::of);
            for (ReferenceShape reference : shape.references()) {
                addTarget(schema, resource, reference, counts, reasons, scenario, work);
            }
            for (DescriptorShape descriptor : shape.descriptors()) {
                ResourceSchema target = schema.findResource(descriptor.descriptor().descriptor())
                        .orElseThrow(() -> new GenerationException(resource + ": no descriptor resource " + descriptor.descriptor().descriptor()));
                add(target, scenario.codeValuesPerDescriptor(), Reason.DESCRIPTOR, counts, reasons, work);
                requireDocuments(resource, target, counts, scenario);
            }
        }

        // Whose identities to keep: every generated document a generated reference may point to.
        Set<ResourceSchema> referenced = new HashSet<>();
        for (DocumentShape shape : shapes.values()) {
            for (ReferenceShape reference : shape.references()) {
                referenced.addAll(generated(schema, reference.reference().target(), counts));
            }
        }

        List<Step> steps = new ArrayList<>();
        for (DependencyOrder.Entry entry : schema.dependencyOrder().entries()) {
            ResourceSchema resource = entry.resource();
            Long count = counts.get(resource);
            if (count != null && count > 0) {
                shapes.computeIfAbsent(resource, DocumentShape::of);
                steps.add(new Step(resource, count, reasons.get(resource), referenced.contains(resource)));
            }
        }
        return new GenerationPlan(steps, shapes);
    }

    /** The planned resources with documents that stand for {@code target}: itself, or its subclasses. */
    private static List<ResourceSchema> generated(ApiSchema schema, QualifiedResourceName target, Map<ResourceSchema, Long> counts) {
        List<ResourceSchema> resources = schema.findResource(target).map(List::of).orElseGet(() -> schema.findAbstract(target)
                .map(a -> a.subclasses().stream().map(name -> schema.findResource(name).orElseThrow()).toList())
                .orElse(List.of()));
        return resources.stream().filter(r -> counts.getOrDefault(r, 0L) > 0).toList();
    }

    /** Adds a reference's target to the plan when nothing in it can stand for the target yet. */
    private static void addTarget(ApiSchema schema, ResourceSchema resource, ReferenceShape reference,
            Map<ResourceSchema, Long> counts, Map<ResourceSchema, Reason> reasons, Scenario scenario, Deque<ResourceSchema> work) {
        QualifiedResourceName target = reference.reference().target();
        Optional<ResourceSchema> concrete = schema.findResource(target);
        if (concrete.isPresent()) {
            if (concrete.get().equals(resource)) {
                throw new GenerationException(resource + " requires a reference to another " + resource.name().resourceName()
                        + " (" + reference.reference().objectPath() + "), so no first document can be made");
            }
            add(concrete.get(), scenario.addedResourceCount(), Reason.REFERENCED, counts, reasons, work);
            requireDocuments(resource, concrete.get(), counts, scenario);
            return;
        }
        AbstractResource abstractResource = schema.findAbstract(target)
                .orElseThrow(() -> new GenerationException(resource + ": no resource " + target));
        List<ResourceSchema> subclasses = abstractResource.subclasses().stream()
                .map(name -> schema.findResource(name).orElseThrow())
                .filter(r -> !r.equals(resource))
                .toList();
        if (subclasses.stream().anyMatch(r -> counts.getOrDefault(r, 0L) > 0)) {
            return;
        }
        DependencyOrder order = schema.dependencyOrder();
        ResourceSchema simplest = subclasses.stream()
                .min(Comparator.comparingInt((ResourceSchema r) -> order.entryFor(r).order()).thenComparing(ResourceSchema::endpointName))
                .orElseThrow(() -> new GenerationException(resource + " references " + target + ", which has no other subclass to generate"));
        add(simplest, scenario.addedResourceCount(), Reason.REFERENCED, counts, reasons, work);
        requireDocuments(resource, simplest, counts, scenario);
    }

    private static void add(ResourceSchema resource, long count, Reason reason, Map<ResourceSchema, Long> counts,
            Map<ResourceSchema, Reason> reasons, Deque<ResourceSchema> work) {
        if (!counts.containsKey(resource)) {
            counts.put(resource, count);
            reasons.put(resource, reason);
            work.add(resource);
        }
    }

    private static void requireDocuments(ResourceSchema resource, ResourceSchema target, Map<ResourceSchema, Long> counts, Scenario scenario) {
        if (counts.get(target) == 0) {
            throw new GenerationException(scenario.name() + ": " + resource + " needs documents of " + target + ", which the scenario gives 0");
        }
    }

    /** {@code project/endpoint}, or a bare endpoint that exactly one project has. */
    private static ResourceSchema resolve(ApiSchema schema, Scenario scenario, String key) {
        int slash = key.indexOf('/');
        Optional<ResourceSchema> found;
        if (slash >= 0) {
            found = schema.findResource(key.substring(0, slash), key.substring(slash + 1));
        } else {
            List<ResourceSchema> matches = schema.projects().stream()
                    .map((ProjectSchema project) -> project.findByEndpoint(key))
                    .flatMap(Optional::stream)
                    .toList();
            if (matches.size() > 1) {
                throw new GenerationException(scenario.name() + ": " + key + " is a resource of several projects; write project/" + key);
            }
            found = matches.stream().findFirst();
        }
        return found.orElseThrow(() -> new GenerationException(scenario.name() + ": " + key
                + " is not a resource of the ApiSchema (write project/endpoint, e.g. ed-fi/students, or a setting:"
                + " codeValuesPerDescriptor, addedResourceCount, firstDate, lastDate)"));
    }
}
