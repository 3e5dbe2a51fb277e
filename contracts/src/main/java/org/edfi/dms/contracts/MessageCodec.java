package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON form of every message on the topics (see docs/topics.md). One mapper, configured once:
 * ISO-8601 instants, absent fields for nulls, unknown fields ignored (so a newer writer does not
 * break an older reader of the same major version), decimals kept exact.
 */
public final class MessageCodec {

    /** The message format version this code writes and the highest it reads. */
    public static final int VERSION = 1;

    /**
     * What an ownership token a command carries may be: 1 to 255 printable ASCII characters, not all
     * spaces. Bounded for the processor's state; nothing the store's text column or its COPY could trip on.
     */
    private static final Pattern OWNERSHIP_TOKEN = Pattern.compile("(?=.*[^ ])[\\x20-\\x7E]{1,255}");

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private MessageCodec() {}

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A message record failed to serialize", e);
        }
    }

    /** The JSON text of a message or of a JSON value (a document body for a jsonb column). */
    public static String encodeToString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A value failed to serialize", e);
        }
    }

    /**
     * A document envelope whose document is given as the JSON bytes already written for it: the
     * processor serializes each body once, for its ETag and store, and splices those bytes in here.
     * The output is byte for byte what {@link #encode} writes for the same envelope.
     */
    public static byte[] encodeDocument(DocumentEnvelope envelope, byte[] documentJson) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(documentJson == null ? 256 : documentJson.length + 256);
        try (JsonGenerator out = MAPPER.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("version", envelope.version());
            writeString(out, "documentId", envelope.documentId());
            writeString(out, "project", envelope.project());
            writeString(out, "resource", envelope.resource());
            writeString(out, "resourceName", envelope.resourceName());
            writeString(out, "referentialId", envelope.referentialId());
            if (envelope.identity() != null) {
                out.writeObjectFieldStart("identity");
                for (Map.Entry<String, String> element : envelope.identity().entrySet()) {
                    out.writeStringField(element.getKey(), element.getValue());
                }
                out.writeEndObject();
            }
            if (documentJson != null) {
                // The generator writes the name and separator and counts a value written; the bytes go straight after.
                out.writeFieldName("document");
                out.writeRawValue("");
                out.flush();
                bytes.write(documentJson);
            }
            writeString(out, "etag", envelope.etag());
            writeString(out, "lastModified", envelope.lastModified());
            out.writeNumberField("changeVersion", envelope.changeVersion());
            out.writeBooleanField("deleted", envelope.deleted());
            writeString(out, "ownershipToken", envelope.ownershipToken());
            if (envelope.keyChange() != null) {
                out.writeObjectField("keyChange", envelope.keyChange());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("A document envelope failed to serialize", e);
        }
        return bytes.toByteArray();
    }

    /** A command's result, written field by field (one per command, on the processor's thread); the same bytes as {@link #encode}. */
    public static byte[] encodeResult(CommandResult result) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(result.problem() == null ? 256 : 1024);
        try (JsonGenerator out = MAPPER.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("version", result.version());
            writeString(out, "commandId", result.commandId());
            out.writeNumberField("status", result.status());
            writeString(out, "documentId", result.documentId());
            writeString(out, "etag", result.etag());
            writeString(out, "lastModified", result.lastModified());
            if (result.changeVersion() != null) {
                out.writeNumberField("changeVersion", result.changeVersion());
            }
            if (result.problem() != null) {
                out.writePOJOField("problem", result.problem());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("A command result failed to serialize", e);
        }
        return bytes.toByteArray();
    }

    /** A field whose value is written as its text, left out when null as the mapper does. */
    private static void writeString(JsonGenerator out, String name, Object value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value.toString());
        }
    }

    public static Command decodeCommand(byte[] bytes) throws MalformedMessageException {
        Command command = decode(bytes, Command.class);
        if (command.commandId() == null || command.commandId().isBlank()) {
            throw new MalformedMessageException("A command needs a commandId");
        }
        if (command.type() == null) {
            throw new MalformedMessageException("A command needs a type: upsert, update or delete");
        }
        if (command.project() == null || command.resource() == null) {
            throw new MalformedMessageException("A command needs a project and a resource");
        }
        boolean needsDocument = command.type() != CommandType.DELETE;
        if (needsDocument && command.document() == null) {
            throw new MalformedMessageException("An " + command.type().name().toLowerCase(Locale.ROOT) + " command needs a document object");
        }
        if (command.type() != CommandType.UPSERT && command.documentId() == null) {
            throw new MalformedMessageException("An " + command.type().name().toLowerCase(Locale.ROOT) + " command needs a documentId");
        }
        if (command.ownershipToken() != null && !OWNERSHIP_TOKEN.matcher(command.ownershipToken()).matches()) {
            throw new MalformedMessageException("A command's ownershipToken is 1 to 255 printable ASCII characters, not all spaces");
        }
        return command;
    }

    public static CommandResult decodeResult(byte[] bytes) throws MalformedMessageException {
        return decode(bytes, CommandResult.class);
    }

    public static DocumentEnvelope decodeDocument(byte[] bytes) throws MalformedMessageException {
        return decode(bytes, DocumentEnvelope.class);
    }

    private static <T> T decode(byte[] bytes, Class<T> type) throws MalformedMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedMessageException("Empty message");
        }
        T message;
        try {
            message = MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("Not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("Reading from a byte array cannot fail with I/O", e);
        }
        int version = switch (message) {
            case Command c -> c.version();
            case CommandResult r -> r.version();
            case DocumentEnvelope d -> d.version();
            default -> VERSION;
        };
        if (version < 1 || version > VERSION) {
            throw new MalformedMessageException("Unsupported message version " + version + " (this reader supports 1 to " + VERSION + ")");
        }
        return message;
    }
}
