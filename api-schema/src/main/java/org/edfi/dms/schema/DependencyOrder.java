package org.edfi.dms.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources grouped in load order: every resource's references (document and descriptor, an
 * abstract target standing for all its subclasses) point to resources of a lower order, and, as in
 * the ODS/API, a resource carrying people comes after the enrollments that reach them
 * ({@link RelationshipSecurity#enrollmentsReachingPeopleOf}), so that a client under a relationship
 * strategy loading in this order is not refused for want of an enrollment not yet sent. Resources
 * that reference themselves (a LearningStandard's parent, an OrganizationDepartment's parent
 * education organization) are marked, because their own documents must be ordered among themselves.
 */
public final class DependencyOrder {

    /**
     * @param order 1 for resources without dependencies, else one more than the highest dependency
     * @param dependencies the resources this one references, itself excluded
     */
    public record Entry(ResourceSchema resource, int order, boolean selfReferencing, Set<ResourceSchema> dependencies) {}

    private final List<Entry> entries;
    private final Map<ResourceSchema, Entry> byResource = new HashMap<>();

    private DependencyOrder(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        entries.forEach(e -> byResource.put(e.resource(), e));
    }

    /** Every resource, lowest order first, then by project and resource name. */
    public List<Entry> entries() {
        return entries;
    }

    public Entry entryFor(ResourceSchema resource) {
        Entry entry = byResource.get(resource);
        if (entry == null) {
            throw new IllegalArgumentException("Unknown resource " + resource);
        }
        return entry;
    }

    static DependencyOrder of(ApiSchema schema) {
        Map<ResourceSchema, Set<ResourceSchema>> dependencies = new HashMap<>();
        Set<ResourceSchema> selfReferencing = new HashSet<>();
        RelationshipSecurity relationships = RelationshipSecurity.of(schema);
        for (ResourceSchema resource : schema.resources()) {
            Set<ResourceSchema> targets = new LinkedHashSet<>();
            for (ReferenceDefinition reference : resource.references()) {
                targets.addAll(concreteTargets(schema, reference.target()));
            }
            for (DescriptorPath descriptor : resource.descriptorPaths()) {
                targets.addAll(concreteTargets(schema, descriptor.descriptor()));
            }
            for (QualifiedResourceName enrollment : relationships.enrollmentsReachingPeopleOf(resource)) {
                targets.addAll(concreteTargets(schema, enrollment));
            }
            if (targets.remove(resource)) {
                selfReferencing.add(resource);
            }
            dependencies.put(resource, targets);
        }

        Map<ResourceSchema, Integer> orders = new HashMap<>();
        for (ResourceSchema resource : schema.resources()) {
            orderOf(resource, dependencies, orders, new HashSet<>());
        }
        List<Entry> entries = new ArrayList<>();
        for (ResourceSchema resource : schema.resources()) {
            entries.add(new Entry(resource, orders.get(resource), selfReferencing.contains(resource), Set.copyOf(dependencies.get(resource))));
        }
        entries.sort(Comparator.comparingInt(Entry::order)
                .thenComparing(e -> e.resource().projectEndpoint())
                .thenComparing(e -> e.resource().endpointName()));
        return new DependencyOrder(entries);
    }

    private static List<ResourceSchema> concreteTargets(ApiSchema schema, QualifiedResourceName target) {
        var concrete = schema.findResource(target);
        if (concrete.isPresent()) {
            return List.of(concrete.get());
        }
        return schema.findAbstract(target)
                .map(a -> a.subclasses().stream().map(s -> schema.findResource(s).orElseThrow()).toList())
                .orElse(List.of());
    }

    /** Longest path to a leaf; a cycle longer than a self-reference is cut where it closes (the loader rejects none in Ed-Fi models). */
    private static int orderOf(
            ResourceSchema resource,
            Map<ResourceSchema, Set<ResourceSchema>> dependencies,
            Map<ResourceSchema, Integer> orders,
            Set<ResourceSchema> onPath) {
        Integer known = orders.get(resource);
        if (known != null) {
            return known;
        }
        onPath.add(resource);
        int order = 1;
        for (ResourceSchema dependency : dependencies.get(resource)) {
            if (!onPath.contains(dependency)) {
                order = Math.max(order, orderOf(dependency, dependencies, orders, onPath) + 1);
            }
        }
        onPath.remove(resource);
        orders.put(resource, order);
        return order;
    }
}
