package org.edfi.dms.schema;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One project of an ApiSchema: the core Data Standard ({@code ed-fi}) or an extension.
 *
 * @param projectName MetaEd's name, e.g. {@code Ed-Fi}
 * @param endpointName the URL segment, e.g. {@code ed-fi}
 */
public final class ProjectSchema {

    private final String projectName;
    private final String endpointName;
    private final String version;
    private final String description;
    private final boolean extension;
    private final Map<String, ResourceSchema> resourcesByEndpoint;
    private final Map<String, ResourceSchema> resourcesByLowerCaseEndpoint;
    private final Map<String, ResourceSchema> resourcesByName;
    private final Map<String, AbstractResource> abstractResources;

    ProjectSchema(
            String projectName,
            String endpointName,
            String version,
            String description,
            boolean extension,
            Collection<ResourceSchema> resources,
            Collection<AbstractResource> abstractResources) {
        this.projectName = projectName;
        this.endpointName = endpointName;
        this.version = version;
        this.description = description;
        this.extension = extension;
        Map<String, ResourceSchema> byEndpoint = new LinkedHashMap<>();
        Map<String, ResourceSchema> byLowerCase = new LinkedHashMap<>();
        Map<String, ResourceSchema> byName = new LinkedHashMap<>();
        for (ResourceSchema resource : resources) {
            byEndpoint.put(resource.endpointName(), resource);
            byLowerCase.put(resource.endpointName().toLowerCase(Locale.ROOT), resource);
            byName.put(resource.name().resourceName(), resource);
        }
        Map<String, AbstractResource> abstracts = new LinkedHashMap<>();
        for (AbstractResource resource : abstractResources) {
            abstracts.put(resource.name().resourceName(), resource);
        }
        this.resourcesByEndpoint = Collections.unmodifiableMap(byEndpoint);
        this.resourcesByLowerCaseEndpoint = Collections.unmodifiableMap(byLowerCase);
        this.resourcesByName = Collections.unmodifiableMap(byName);
        this.abstractResources = Collections.unmodifiableMap(abstracts);
    }

    public String projectName() {
        return projectName;
    }

    public String endpointName() {
        return endpointName;
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    public boolean isExtension() {
        return extension;
    }

    /** Every resource, descriptors and SchoolYearType included, in file order. */
    public Collection<ResourceSchema> resources() {
        return resourcesByEndpoint.values();
    }

    public Collection<AbstractResource> abstractResources() {
        return abstractResources.values();
    }

    /** The resource at a URL segment, matched case-insensitively as the ODS/API and DMS do. */
    public Optional<ResourceSchema> findByEndpoint(String endpoint) {
        ResourceSchema exact = resourcesByEndpoint.get(endpoint);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(resourcesByLowerCaseEndpoint.get(endpoint.toLowerCase(Locale.ROOT)));
    }

    /** The resource with a MetaEd name, e.g. {@code School}. */
    public Optional<ResourceSchema> findByResourceName(String resourceName) {
        return Optional.ofNullable(resourcesByName.get(resourceName));
    }

    public Optional<AbstractResource> findAbstract(String resourceName) {
        return Optional.ofNullable(abstractResources.get(resourceName));
    }

    public long descriptorCount() {
        return resources().stream().filter(ResourceSchema::isDescriptor).count();
    }

    @Override
    public String toString() {
        return projectName + " " + version + " (" + endpointName + ")";
    }
}
