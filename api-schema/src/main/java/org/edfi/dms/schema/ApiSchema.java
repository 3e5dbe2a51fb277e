package org.edfi.dms.schema;

import java.nio.file.Path;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One or more loaded ApiSchema projects (a core Data Standard and its extensions), immutable, with
 * the lookups every role needs. Built by {@link ApiSchemaLoader}.
 */
public final class ApiSchema {

    private final String apiSchemaVersion;
    private final List<ProjectSchema> projects;
    private final Map<String, ProjectSchema> projectsByEndpoint;
    private final Map<String, ProjectSchema> projectsByName;
    private final DependencyOrder dependencyOrder;
    private final Map<QualifiedResourceName, List<DecimalLimit>> decimalLimits;
    private final List<Path> xsdFiles;

    ApiSchema(String apiSchemaVersion, List<ProjectSchema> projects) {
        this(apiSchemaVersion, projects, Map.of(), List.of());
    }

    ApiSchema(String apiSchemaVersion, List<ProjectSchema> projects, Map<QualifiedResourceName, List<DecimalLimit>> decimalLimits, List<Path> xsdFiles) {
        this.decimalLimits = Map.copyOf(decimalLimits);
        this.xsdFiles = List.copyOf(xsdFiles);
        this.apiSchemaVersion = apiSchemaVersion;
        this.projects = List.copyOf(projects);
        Map<String, ProjectSchema> byEndpoint = new LinkedHashMap<>();
        Map<String, ProjectSchema> byName = new LinkedHashMap<>();
        for (ProjectSchema project : projects) {
            byEndpoint.put(project.endpointName().toLowerCase(Locale.ROOT), project);
            byName.put(project.projectName(), project);
        }
        this.projectsByEndpoint = Map.copyOf(byEndpoint);
        this.projectsByName = Map.copyOf(byName);
        this.dependencyOrder = DependencyOrder.of(this);
    }

    public String apiSchemaVersion() {
        return apiSchemaVersion;
    }

    /** The core project first, then extensions, in load order. */
    public List<ProjectSchema> projects() {
        return projects;
    }

    /** The project at a URL segment ({@code ed-fi}), case-insensitively. */
    public Optional<ProjectSchema> findProject(String endpointName) {
        return Optional.ofNullable(projectsByEndpoint.get(endpointName.toLowerCase(Locale.ROOT)));
    }

    /** The resource at {@code /data/{project}/{resource}}, both segments matched case-insensitively. */
    public Optional<ResourceSchema> findResource(String projectEndpoint, String resourceEndpoint) {
        return findProject(projectEndpoint).flatMap(project -> project.findByEndpoint(resourceEndpoint));
    }

    /** A concrete resource by MetaEd name. */
    public Optional<ResourceSchema> findResource(QualifiedResourceName name) {
        ProjectSchema project = projectsByName.get(name.projectName());
        return project == null ? Optional.empty() : project.findByResourceName(name.resourceName());
    }

    /** An abstract resource by MetaEd name. */
    public Optional<AbstractResource> findAbstract(QualifiedResourceName name) {
        ProjectSchema project = projectsByName.get(name.projectName());
        return project == null ? Optional.empty() : project.findAbstract(name.resourceName());
    }

    /** Every concrete resource of every project. */
    public List<ResourceSchema> resources() {
        return projects.stream().map(ProjectSchema::resources).flatMap(Collection::stream).toList();
    }

    /** The precision and scale of a resource's decimals, from the ApiSchema or the Data Standard's XSDs; empty when neither gives them. */
    public List<DecimalLimit> decimalLimits(ResourceSchema resource) {
        return decimalLimits.getOrDefault(resource.name(), List.of());
    }

    /** The same schema with decimal limits added for resources that have none (those the XSDs give). */
    ApiSchema withDecimalLimits(Map<QualifiedResourceName, List<DecimalLimit>> more, List<Path> xsdFiles) {
        Map<QualifiedResourceName, List<DecimalLimit>> merged = new LinkedHashMap<>(more);
        merged.putAll(decimalLimits);
        return new ApiSchema(apiSchemaVersion, projects, merged, xsdFiles);
    }

    /** The core Data Standard's XSD files the operator passed beside the ApiSchema (served under /metadata/xsd); empty when none. */
    public List<Path> xsdFiles() {
        return xsdFiles;
    }

    /** The order in which resources can be loaded so that every reference points backwards. */
    public DependencyOrder dependencyOrder() {
        return dependencyOrder;
    }
}
