package org.edfi.dms.schema.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.schema.DescriptorPath;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.Superclass;
import org.edfi.dms.schema.identity.DocumentIdentity;
import org.edfi.dms.schema.identity.IdentityElement;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * Reads identity, superclass identity and references out of a document that passed
 * {@link org.edfi.dms.schema.validation.DocumentValidator}. Stateless; everything it walks was
 * computed when the ApiSchema was loaded.
 */
public final class DocumentExtractor {

    private DocumentExtractor() {}

    public static ExtractedDocument extract(ResourceSchema resource, JsonNode document) {
        DocumentIdentity identity = identityOf(resource, document);
        Optional<DocumentIdentity> superclassIdentity = resource.superclass().map(s -> superclassIdentity(s, identity));
        Optional<DocumentIdentity> referenceIdentity = resource.hasIdentityGap()
                ? Optional.of(DocumentIdentity.of(resource.name(), elements(resource.declaredIdentityPaths(), document)))
                : Optional.empty();
        return new ExtractedDocument(identity, superclassIdentity, referenceIdentity,
                documentReferences(resource, document), descriptorReferences(resource, document));
    }

    /** The natural key: a descriptor's URI, or the values at the resource's identity paths. */
    public static DocumentIdentity identityOf(ResourceSchema resource, JsonNode document) {
        if (resource.isDescriptor()) {
            String uri = required(document, "namespace").asText() + "#" + required(document, "codeValue").asText();
            return DocumentIdentity.of(resource.name(),
                    List.of(new IdentityElement(IdentityValues.DESCRIPTOR_PATH, IdentityValues.descriptorUri(uri))));
        }
        return DocumentIdentity.of(resource.name(), elements(resource.identityPaths(), document));
    }

    private static List<IdentityElement> elements(List<JsonPath> paths, JsonNode document) {
        List<IdentityElement> elements = new ArrayList<>(paths.size());
        for (JsonPath path : paths) {
            JsonNode value = path.value(document);
            if (value == null || !value.isValueNode()) {
                throw new IllegalArgumentException("Document has no identity value at " + path + "; validate it first");
            }
            elements.add(new IdentityElement(path.toString(), IdentityValues.canonical(path.toString(), value)));
        }
        return elements;
    }

    private static JsonNode required(JsonNode document, String property) {
        JsonNode value = document.get(property);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Descriptor has no " + property + "; validate it first");
        }
        return value;
    }

    /** A domain-entity subclass renames its one identity element; an association subclass keeps its identity. */
    private static DocumentIdentity superclassIdentity(Superclass superclass, DocumentIdentity identity) {
        List<IdentityElement> elements = superclass.identityRename()
                .map(rename -> List.of(new IdentityElement(rename.toString(), identity.elements().getFirst().value())))
                .orElse(identity.elements());
        return DocumentIdentity.of(superclass.name(), elements);
    }

    private static List<DocumentReference> documentReferences(ResourceSchema resource, JsonNode document) {
        List<DocumentReference> references = new ArrayList<>();
        for (ReferenceDefinition reference : resource.references()) {
            for (JsonPath.Match match : reference.objectPath().matches(document)) {
                references.add(new DocumentReference(match.path(), reference,
                        referencedIdentity(reference.target(), reference.fields(), match)));
            }
        }
        return references;
    }

    private static DocumentIdentity referencedIdentity(QualifiedResourceName target, List<ReferenceDefinition.Field> fields, JsonPath.Match match) {
        List<IdentityElement> elements = new ArrayList<>(fields.size());
        for (ReferenceDefinition.Field field : fields) {
            JsonNode value = match.value().get(field.propertyName());
            if (value == null || !value.isValueNode()) {
                throw new IllegalArgumentException("Reference at " + match.path() + " lacks " + field.propertyName() + "; validate it first");
            }
            String identityPath = field.targetIdentityPath().toString();
            elements.add(new IdentityElement(identityPath, IdentityValues.canonical(identityPath, value)));
        }
        return DocumentIdentity.of(target, elements);
    }

    private static List<DescriptorReference> descriptorReferences(ResourceSchema resource, JsonNode document) {
        List<DescriptorReference> references = new ArrayList<>();
        for (DescriptorPath descriptor : resource.descriptorPaths()) {
            for (JsonPath.Match match : descriptor.path().matches(document)) {
                String uri = match.value().asText();
                DocumentIdentity target = DocumentIdentity.of(descriptor.descriptor(),
                        List.of(new IdentityElement(IdentityValues.DESCRIPTOR_PATH, IdentityValues.descriptorUri(uri))));
                references.add(new DescriptorReference(match.path(), uri, target));
            }
        }
        return references;
    }
}
