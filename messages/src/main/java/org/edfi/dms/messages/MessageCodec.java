package org.edfi.dms.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON form of every message on the topics (see docs/topics.md). One mapper, configured once:
 * ISO-8601 instants, absent fields for nulls, unknown fields ignored (so a newer writer does not
 * break an older reader of the same major version), decimals kept exact.
 */
public final class MessageCodec {

    /** The message format version this code writes and the highest it reads. */
    public static final int VERSION = 1;

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
