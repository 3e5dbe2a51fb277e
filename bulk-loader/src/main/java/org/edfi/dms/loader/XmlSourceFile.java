package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.edfi.dms.loader.xml.InterchangeReader;
import org.edfi.dms.loader.xml.XmlDocumentMapper;
import org.edfi.dms.loader.xml.XmlElement;
import org.edfi.dms.loader.xml.XmlMappingException;
import org.edfi.dms.loader.xml.XmlRecord;
import org.edfi.dms.schema.ResourceSchema;

/**
 * An Ed-Fi XML interchange file: each child of the root element is a record, mapped to its JSON
 * document through the ApiSchema ({@link XmlDocumentMapper}).
 *
 * <p>A reference may be written as {@code ref="..."}, naming the {@code id} attribute of a record
 * in any file of the load. The XML files of one load share one table of the records that carry an
 * {@code id}; each file adds its records the first time it is streamed, and the loader streams every
 * file once before it maps any record, so every {@code ref} can be resolved.
 */
final class XmlSourceFile implements SourceFile {

    private final Path path;
    private final XmlDocumentMapper mapper;
    private final Map<String, XmlElement> withId;
    private boolean idsNoted;

    XmlSourceFile(Path path, XmlDocumentMapper mapper, Map<String, XmlElement> withId) {
        this.path = path;
        this.mapper = mapper;
        this.withId = withId;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void forEach(Consumer<? super SourceRecord> action) {
        boolean noteIds = !idsNoted;
        InterchangeReader.forEach(path, record -> {
            Optional<ResourceSchema> resource = mapper.resourceNamed(record.element().name());
            String id = record.element().attributes().get("id");
            if (noteIds && id != null && resource.isPresent()) {
                withId.put(id, record.element());
            }
            action.accept(new Record(record, resource));
        });
        idsNoted = true;
    }

    private final class Record implements SourceRecord {
        private final XmlRecord record;
        private final Optional<ResourceSchema> resource;

        Record(XmlRecord record, Optional<ResourceSchema> resource) {
            this.record = record;
            this.resource = resource;
        }

        @Override
        public int position() {
            return record.position();
        }

        @Override
        public String name() {
            return record.element().name();
        }

        @Override
        public Optional<ResourceSchema> resource() {
            return resource;
        }

        @Override
        public ObjectNode document() {
            ResourceSchema schema = resource.orElseThrow();
            try {
                return mapper.toDocument(schema, record.element(), id -> Optional.ofNullable(withId.get(id)));
            } catch (XmlMappingException e) {
                throw new UnreadableRecordException("The record could not be read as a " + schema.name().resourceName() + ": " + e.getMessage(), e);
            }
        }
    }
}
