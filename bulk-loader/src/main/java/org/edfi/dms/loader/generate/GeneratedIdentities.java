package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.AbstractResource;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * What later documents need of the documents generated so far, and nothing more: the identities of
 * the resources that are referenced ({@link IdentityTable}), the URIs of the generated descriptor
 * values, the superclass identities taken (a School and a LocalEducationAgency must not both be
 * EducationOrganization 7), and the data set's counter for identity numbers.
 */
final class GeneratedIdentities {

    private final ApiSchema schema;
    private final Map<ResourceSchema, IdentityTable> tables = new HashMap<>();
    private final Map<QualifiedResourceName, Candidates> candidates = new HashMap<>();
    private final Map<QualifiedResourceName, List<JsonNode>> descriptorValues = new HashMap<>();
    private final Map<QualifiedResourceName, LongSet> superclassIdentities = new HashMap<>();
    private long counter;

    GeneratedIdentities(ApiSchema schema) {
        this.schema = schema;
    }

    /** Starts keeping the identities of {@code resource}, because documents generated later reference it. */
    void keep(ResourceSchema resource) {
        tables.put(resource, new IdentityTable(resource));
    }

    /** Notes a generated document: its identity when it is kept, its URI when it is a descriptor value. */
    void add(ResourceSchema resource, ObjectNode document) {
        IdentityTable table = tables.get(resource);
        if (table != null) {
            table.add(document);
        }
        if (resource.isDescriptor()) {
            String uri = document.path("namespace").asText() + "#" + document.path("codeValue").asText();
            descriptorValues.computeIfAbsent(resource.name(), r -> new ArrayList<>()).add(TextNode.valueOf(uri));
        }
    }

    /**
     * The documents a reference to {@code target} may point to. Asked for only once the target is
     * complete (it comes earlier in dependency order), and kept from then on.
     */
    Candidates candidates(QualifiedResourceName target) {
        return candidates.computeIfAbsent(target, this::collect);
    }

    private Candidates collect(QualifiedResourceName target) {
        var concrete = schema.findResource(target);
        if (concrete.isPresent()) {
            IdentityTable table = tables.get(concrete.get());
            return Candidates.of(target, concrete.get().declaredIdentityPaths(), table == null ? List.of() : List.of(table));
        }
        AbstractResource abstractResource = schema.findAbstract(target)
                .orElseThrow(() -> new IllegalStateException("no resource " + target));
        List<IdentityTable> subclassTables = new ArrayList<>();
        for (QualifiedResourceName subclass : abstractResource.subclasses()) {
            schema.findResource(subclass).map(tables::get).ifPresent(subclassTables::add);
        }
        return Candidates.of(target, abstractResource.identityPaths(), subclassTables);
    }

    /** The generated values of a descriptor, as the URIs documents carry. */
    List<JsonNode> descriptorValues(QualifiedResourceName descriptor) {
        return descriptorValues.getOrDefault(descriptor, List.of());
    }

    /** Takes a superclass identity; false when a document of another subclass holds it already. */
    boolean takeSuperclassIdentity(DocumentIdentity superclassIdentity) {
        return superclassIdentities.computeIfAbsent(superclassIdentity.resource(), r -> new LongSet()).add(hash(superclassIdentity));
    }

    boolean holdsSuperclassIdentity(DocumentIdentity superclassIdentity) {
        LongSet taken = superclassIdentities.get(superclassIdentity.resource());
        return taken != null && taken.contains(hash(superclassIdentity));
    }

    /** The data set's next identity number: integers in natural keys never repeat, across resources too. */
    long nextNumber() {
        return ++counter;
    }

    /** 64 bits of the referential id: two different natural keys share them with a chance of about 2^-64 per pair. */
    static long hash(DocumentIdentity identity) {
        return identity.referentialId().value().getMostSignificantBits() ^ identity.referentialId().value().getLeastSignificantBits();
    }
}
