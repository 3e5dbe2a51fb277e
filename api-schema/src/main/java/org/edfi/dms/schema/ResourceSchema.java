package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource of an ApiSchema with everything the roles derive from it, computed once at load.
 *
 * @param projectEndpoint the project's URL segment, e.g. {@code ed-fi}
 * @param endpointName the resource's URL segment, e.g. {@code studentSchoolAssociations}
 * @param identityPaths the document's natural key: the ApiSchema's identityJsonPaths completed by
 *     {@link ApiSchemaLoader}'s identity rule; it decides upserts and the referential id
 * @param declaredIdentityPaths the ApiSchema's identityJsonPaths as written; references from other
 *     resources carry exactly these, so they differ from {@code identityPaths} only where the file
 *     has the known identity gaps
 * @param numericPaths string values here are coerced to numbers before validation
 * @param booleanPaths string values here are coerced to booleans before validation
 * @param dateTimePaths date-time values here are normalized before validation
 * @param datePaths date values here are normalized before validation (the paths whose
 *     documentPathsMapping type is {@code date})
 * @param queryFields GET query parameters by name, in ApiSchema order
 * @param jsonSchemaForInsert the draft 2020-12 JSON Schema of a POST body
 * @param documentPaths the documentPathsMapping entries as written, with their MetaEd keys (bulk
 *     loading reads Ed-Fi XML through them)
 */
public record ResourceSchema(
        QualifiedResourceName name,
        String projectEndpoint,
        String endpointName,
        ResourceKind kind,
        boolean allowIdentityUpdates,
        Optional<Superclass> superclass,
        List<JsonPath> identityPaths,
        List<JsonPath> declaredIdentityPaths,
        List<ReferenceDefinition> references,
        List<DescriptorPath> descriptorPaths,
        List<EqualityConstraint> equalityConstraints,
        List<JsonPath> numericPaths,
        List<JsonPath> booleanPaths,
        List<JsonPath> dateTimePaths,
        List<JsonPath> datePaths,
        Map<String, QueryField> queryFields,
        JsonNode jsonSchemaForInsert,
        List<DocumentPathMapping> documentPaths) {

    public ResourceSchema {
        identityPaths = List.copyOf(identityPaths);
        declaredIdentityPaths = List.copyOf(declaredIdentityPaths);
        references = List.copyOf(references);
        descriptorPaths = List.copyOf(descriptorPaths);
        equalityConstraints = List.copyOf(equalityConstraints);
        numericPaths = List.copyOf(numericPaths);
        booleanPaths = List.copyOf(booleanPaths);
        dateTimePaths = List.copyOf(dateTimePaths);
        datePaths = List.copyOf(datePaths);
        queryFields = Collections.unmodifiableMap(new LinkedHashMap<>(queryFields));
        documentPaths = List.copyOf(documentPaths);
    }

    public boolean isDescriptor() {
        return kind == ResourceKind.DESCRIPTOR;
    }

    public boolean isSchoolYearEnumeration() {
        return kind == ResourceKind.SCHOOL_YEAR_ENUMERATION;
    }

    /** True when references carry fewer identity values than the document's natural key (the known identity gaps). */
    public boolean hasIdentityGap() {
        return !identityPaths.equals(declaredIdentityPaths);
    }

    /** Resources are unique by name within an ApiSchema; this keeps hashing cheap (no deep JSON hashing). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceSchema resource && resource.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return projectEndpoint + "/" + endpointName;
    }
}
