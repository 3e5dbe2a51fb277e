package org.edfi.dms.benchmarks.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.xml.InterchangeReader;
import org.edfi.dms.loader.xml.XmlDocumentMapper;
import org.edfi.dms.loader.xml.XmlElement;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/** The documents of XML interchange files as the loader converts them: what the COPY ceiling of a bulk load copies. */
final class SampleDocuments {

    private SampleDocuments() {}

    /** The converted documents (JSON texts), leaving out those the loader would reject. */
    static List<String> converted(ApiSchema schema, List<Path> files) {
        XmlDocumentMapper mapper = new XmlDocumentMapper(schema);
        Map<String, XmlElement> withId = new HashMap<>();
        files.forEach(file -> InterchangeReader.forEach(file, r -> {
            if (r.element().attributes().containsKey("id")) {
                withId.put(r.element().attributes().get("id"), r.element());
            }
        }));
        List<String> documents = new ArrayList<>();
        for (Path file : files) {
            InterchangeReader.forEach(file, r -> {
                Optional<ResourceSchema> resource = mapper.resourceNamed(r.element().name());
                if (resource.isPresent()) {
                    try {
                        ObjectNode document = mapper.toDocument(resource.get(), r.element(), id -> Optional.ofNullable(withId.get(id)));
                        documents.add(MessageCodec.encodeToString(document));
                    } catch (Exception e) {
                        // the load reports these; the ceiling copies what converts
                    }
                }
            });
        }
        return documents;
    }
}
