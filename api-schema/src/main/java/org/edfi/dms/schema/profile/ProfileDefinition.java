package org.edfi.dms.schema.profile;

import java.util.List;
import java.util.Optional;

/**
 * A profile as its Ed-Fi XML writes it, before it is checked against an ApiSchema: names as MetaEd
 * spells them ({@code Student}, {@code BirthDate}, {@code EducationOrganizationAddresses}).
 *
 * @param xml the definition's own XML text, kept to show and export it as it was imported
 */
public record ProfileDefinition(String name, List<Resource> resources, String xml) {

    public ProfileDefinition {
        resources = List.copyOf(resources);
    }

    /** One {@code <Resource>}: what a reader and a writer of it get, each when the profile says. */
    public record Resource(String name, Optional<String> logicalSchema, Optional<Content> read, Optional<Content> write) {}

    /**
     * A {@code ReadContentType}, {@code WriteContentType}, {@code Object}, {@code Collection} or
     * {@code Extension}: its selection and the members it names.
     *
     * @param name null for a content type
     * @param filter only on a collection
     */
    public record Content(String name, MemberSelection selection, List<String> properties, List<Content> objects,
            List<Content> collections, List<Content> extensions, Optional<Filter> filter) {

        public Content {
            properties = List.copyOf(properties);
            objects = List.copyOf(objects);
            collections = List.copyOf(collections);
            extensions = List.copyOf(extensions);
        }
    }

    /** A collection's item filter: items whose descriptor {@code propertyName} is (or is not) one of {@code values}. */
    public record Filter(String propertyName, boolean includeOnly, List<String> values) {

        public Filter {
            values = List.copyOf(values);
        }
    }
}
