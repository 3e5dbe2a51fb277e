package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;

/**
 * The binary form of a {@link StoredDocument} in the processor's store and its changelog: fixed
 * fields first, then the Ed-Fi JSON body as the bytes that were hashed for its ETag, then the fields
 * added since. Private to the processor (nothing outside reads it), versioned by its first byte.
 *
 * <p>Fields added later go after the body, present or not, rather than into a new format: the
 * previous release's processor stops reading at the body, so it still reads state this one wrote
 * (a rolled-back processor keeps its state), and state it wrote, which ends at the body, reads here
 * with the later fields absent.
 */
final class StoredDocumentCodec {

    private static final int FORMAT = 1;

    private StoredDocumentCodec() {}

    static byte[] encode(StoredDocument document, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeUuid(out, document.documentId());
            out.writeUTF(document.project());
            out.writeUTF(document.resource());
            out.writeUTF(document.resourceName());
            writeUuid(out, document.referentialId());
            writeOptionalUuid(out, document.superclassReferentialId());
            writeOptionalUuid(out, document.referenceReferentialId());
            out.writeShort(document.identity().size());
            for (Map.Entry<String, String> element : document.identity().entrySet()) {
                out.writeUTF(element.getKey());
                out.writeUTF(element.getValue());
            }
            out.writeInt(document.references().size());
            for (UUID reference : document.references()) {
                writeUuid(out, reference);
            }
            out.writeUTF(document.etag());
            out.writeLong(document.lastModified().getEpochSecond());
            out.writeInt(document.lastModified().getNano());
            out.writeLong(document.changeVersion());
            out.writeInt(body.length);
            out.write(body);
            if (document.ownershipToken() != null) {
                out.writeUTF(document.ownershipToken());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoredDocument decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("Unknown stored document format " + format);
            }
            UUID documentId = readUuid(in);
            String project = in.readUTF();
            String resource = in.readUTF();
            String resourceName = in.readUTF();
            UUID referentialId = readUuid(in);
            UUID superclass = readOptionalUuid(in);
            UUID reference = readOptionalUuid(in);
            int identitySize = in.readUnsignedShort();
            Map<String, String> identity = new LinkedHashMap<>();
            for (int i = 0; i < identitySize; i++) {
                identity.put(in.readUTF(), in.readUTF());
            }
            int referenceCount = in.readInt();
            List<UUID> references = new ArrayList<>(referenceCount);
            for (int i = 0; i < referenceCount; i++) {
                references.add(readUuid(in));
            }
            String etag = in.readUTF();
            Instant lastModified = Instant.ofEpochSecond(in.readLong(), in.readInt());
            long changeVersion = in.readLong();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ObjectNode document = (ObjectNode) MessageCodec.MAPPER.readTree(body);
            String ownershipToken = in.available() > 0 ? in.readUTF() : null;
            return new StoredDocument(documentId, project, resource, resourceName, referentialId, superclass, reference, identity,
                    references, document, etag, lastModified, changeVersion, ownershipToken);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt stored document", e);
        }
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void writeOptionalUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            writeUuid(out, id);
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static UUID readOptionalUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? readUuid(in) : null;
    }
}
