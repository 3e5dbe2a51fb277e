package org.edfi.dms.schema;

import java.util.Optional;

/**
 * One {@code documentPathsMapping} entry as the ApiSchema writes it. Its key is the dotted MetaEd
 * property path (e.g. {@code Address.Period.BeginDate}, {@code CourseOffering}), which is nearly the
 * element path of the same value in Ed-Fi XML interchanges; bulk loading reads XML through it.
 *
 * @param key       the entry's key
 * @param path      where a scalar or descriptor value sits in the document; empty for document references,
 *                  whose paths are the {@link ReferenceDefinition} of the same name
 * @param type      the value's type ({@code string}, {@code number}, {@code boolean}, {@code date},
 *                  {@code time}, {@code date-time}); empty for document references
 * @param reference for a document reference, its target (the definition is the resource's
 *                  {@link ReferenceDefinition} whose name is {@code key})
 * @param descriptor whether the value is a descriptor URI
 * @param partOfIdentity whether the value identifies the document or, inside a collection, its item
 */
public record DocumentPathMapping(String key, Optional<JsonPath> path, String type, Optional<QualifiedResourceName> reference, boolean descriptor,
        boolean partOfIdentity) {}
