package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DecimalLimit;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Validates a parsed request body against its resource, in place, as the ODS/API and DMS do. The
 * api-ingress (to answer early, on a copy) and the integrity processor (the authority, for HTTP
 * clients and Kafka-native writers alike) both call it, so the rules are written once. The steps,
 * in order:
 * <ol>
 *   <li>an insert must not assign the resource id; an update must carry the id of its URL;
 *   <li>{@link TypeCoercion}: strings to booleans and numbers, slash dates to ISO dates;
 *   <li>descriptors: codeValue and shortDescription are trimmed;
 *   <li>{@link StorableValueCheck}: no value or property name the store cannot hold (U+0000, a
 *       lone surrogate, a number out of range), declared or not;
 *   <li>{@link OverpostingFilter}: undeclared properties, nulls and empty collections are dropped;
 *   <li>{@link SchemaValidation}: the resource's JSON Schema;
 *   <li>{@link DecimalRangeCheck}: decimals within their precision and scale (from the ApiSchema or the XSDs);
 *   <li>{@link CollectionUniqueness}: no two items of a collection share their identifying values;
 *   <li>{@link ReferenceCompletenessCheck}: a present reference carries its target's whole identity;
 *   <li>{@link EqualityConstraintCheck}: shared keys carry one value;
 *   <li>{@link IdentityWhitespaceCheck}: identity strings are not padded.
 * </ol>
 * Steps 4 and 6 to 11 report together, so a client sees every problem of its document at once.
 * Every resource's schema is compiled when the validator is built, never per request.
 */
public final class DocumentValidator {

    private record CompiledResource(OverpostingFilter overposting, SchemaValidation schema, List<DecimalLimit> decimals,
            CollectionUniqueness collections) {}

    private final Map<ResourceSchema, CompiledResource> compiled;

    private DocumentValidator(Map<ResourceSchema, CompiledResource> compiled) {
        this.compiled = compiled;
    }

    /** Compiles every resource of the schema. */
    public static DocumentValidator forSchema(ApiSchema apiSchema) {
        Map<ResourceSchema, CompiledResource> compiled = new HashMap<>();
        apiSchema.resources().parallelStream()
                .map(r -> Map.entry(r, new CompiledResource(OverpostingFilter.compile(r.jsonSchemaForInsert()),
                        SchemaValidation.compile(r.jsonSchemaForInsert()), apiSchema.decimalLimits(r), CollectionUniqueness.of(r))))
                .sequential()
                .forEach(e -> compiled.put(e.getKey(), e.getValue()));
        return new DocumentValidator(Map.copyOf(compiled));
    }

    /**
     * Validates a POST body, normalizing it in place (coerced values, dropped overposting).
     *
     * @return the problem to answer with, or empty when the document is valid
     */
    public Optional<Refusal> validateInsert(ResourceSchema resource, ObjectNode document) {
        if (hasClientAssignedId(document)) {
            return Optional.of(Refusal.constructedIncorrectly("Resource identifiers cannot be assigned by the client."
                    + " The 'id' property should not be included in the request body."));
        }
        return validate(resource, document, new ValidationErrors());
    }

    /**
     * Validates a PUT body, normalizing it in place. The body must carry the resource {@code id}, and
     * it must be the URL's; it is then removed, because the stored document's id is the server's.
     *
     * @param documentId the id in the URL (a Kafka-native writer's {@code documentId})
     */
    public Optional<Refusal> validateUpdate(ResourceSchema resource, UUID documentId, ObjectNode document) {
        JsonNode id = document.remove("id");
        boolean missing = id == null || id.isNull();
        if (!missing && !(id.isTextual() && id.textValue().equalsIgnoreCase(documentId.toString()))) {
            return Optional.of(Refusal.invalid(Map.of("$.id", List.of("Request body id must match the id in the url."))));
        }
        ValidationErrors errors = new ValidationErrors();
        if (missing) {
            errors.add("$.id", "id is required.");
        }
        return validate(resource, document, errors);
    }

    /**
     * Coerces a document's values in place as validation would, without checking it: what finding
     * a body's natural key needs when the body may lack members validation requires (a write
     * through a profile that hides them, which may still update a stored document).
     */
    public static void coerce(ResourceSchema resource, ObjectNode document) {
        TypeCoercion.apply(resource, document);
    }

    private Optional<Refusal> validate(ResourceSchema resource, ObjectNode document, ValidationErrors errors) {
        CompiledResource compiledResource = compiled.get(resource);
        if (compiledResource == null) {
            throw new IllegalArgumentException("Resource " + resource + " is not part of this validator's ApiSchema");
        }
        TypeCoercion.apply(resource, document);
        if (resource.isDescriptor()) {
            trim(document, "codeValue");
            trim(document, "shortDescription");
        }
        StorableValueCheck.check(document, errors);
        compiledResource.overposting().apply(document);
        compiledResource.schema().validate(document, errors);
        DecimalRangeCheck.check(compiledResource.decimals(), document, errors);
        compiledResource.collections().check(document, errors);
        ReferenceCompletenessCheck.check(resource, document, errors);
        EqualityConstraintCheck.check(resource, document, errors);
        IdentityWhitespaceCheck.check(resource, document, errors);
        return errors.isEmpty() ? Optional.empty() : Optional.of(Refusal.invalid(errors.asMap()));
    }

    private static boolean hasClientAssignedId(ObjectNode document) {
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase("id")) {
                return true;
            }
        }
        return false;
    }

    /** The DMS trims these two descriptor fields rather than rejecting them; the Ed-Fi descriptor files need it. */
    private static void trim(ObjectNode document, String field) {
        JsonNode value = document.get(field);
        if (value != null && value.isTextual() && !value.asText().equals(value.asText().strip())) {
            document.set(field, TextNode.valueOf(value.asText().strip()));
        }
    }
}
