package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The identities of the generated documents of one resource that others reference, in generation
 * order: for each document only the values a reference to it carries (the resource's declared
 * identity), never the document. The values are the very JSON nodes of the document, shared with
 * every document that references it, so a million references cost a million pointers.
 */
final class IdentityTable {

    private final ResourceSchema resource;
    private final List<JsonPath> paths;
    private final List<JsonNode[]> rows = new ArrayList<>();

    IdentityTable(ResourceSchema resource) {
        this.resource = resource;
        this.paths = resource.declaredIdentityPaths();
    }

    ResourceSchema resource() {
        return resource;
    }

    /** The identity paths, in the order of each row's values. */
    List<JsonPath> paths() {
        return paths;
    }

    void add(JsonNode document) {
        JsonNode[] row = new JsonNode[paths.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = paths.get(i).value(document);
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    JsonNode value(int row, int column) {
        return rows.get(row)[column];
    }
}
