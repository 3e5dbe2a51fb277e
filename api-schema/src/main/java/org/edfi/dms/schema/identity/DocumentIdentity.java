package org.edfi.dms.schema.identity;

import java.util.List;
import org.edfi.dms.schema.QualifiedResourceName;

/**
 * The natural key of a document of a given resource, in the resource's identity order, and the
 * referential id derived from it.
 */
public record DocumentIdentity(QualifiedResourceName resource, List<IdentityElement> elements, ReferentialId referentialId) {

    public DocumentIdentity {
        elements = List.copyOf(elements);
    }

    /** Builds the identity and computes its referential id. */
    public static DocumentIdentity of(QualifiedResourceName resource, List<IdentityElement> elements) {
        return new DocumentIdentity(resource, elements, ReferentialId.of(resource, elements));
    }

    /** The value of an identity path, or null when the identity has no such element. */
    public String valueOf(String path) {
        for (IdentityElement element : elements) {
            if (element.path().equals(path)) {
                return element.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return resource + elements.toString();
    }
}
