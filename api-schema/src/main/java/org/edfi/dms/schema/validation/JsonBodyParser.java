package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * The first step of every write: turns a request body into a JSON object. Unlike a plain tree read
 * it reports every duplicated property by path (the DMS rejects them too), bounds the
 * nesting depth, and keeps decimals exact ({@link java.math.BigDecimal}), because Ed-Fi amounts
 * and scores must survive unchanged. The body is read as strict UTF-8 (RFC 8259), as JSON on the
 * wire must be: malformed and overlong sequences, encoded surrogates and other encodings (UTF-16,
 * which a byte-level parser would guess from zero bytes) are refused, not decoded into something
 * the client did not send. A leading byte order mark is ignored.
 */
public final class JsonBodyParser {

    /** Ed-Fi documents nest a handful of levels; anything this deep is an attack or a mistake. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    static final String DUPLICATE_PROPERTY = "An item with the same key has already been added.";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final int maxDepth;

    public JsonBodyParser() {
        this(DEFAULT_MAX_DEPTH);
    }

    public JsonBodyParser(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The parsed object, or the refusal of the body. */
    public record Result(ObjectNode document, Refusal refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    public Result parse(byte[] body) {
        if (isBlank(body)) {
            return new Result(null, Refusal.unreadable("A non-empty request body is required."));
        }
        CharBuffer text;
        try {
            int start = startsWithByteOrderMark(body) ? 3 : 0;
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start));
        } catch (CharacterCodingException e) {
            return new Result(null, Refusal.invalid(Map.of("$.", List.of("The request body is not valid UTF-8."))));
        }
        ValidationErrors errors = new ValidationErrors();
        try (JsonParser parser = FACTORY.createParser(text.array(), text.arrayOffset() + text.position(), text.remaining())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                errors.add("$", "The request body must be a JSON object.");
                return new Result(null, Refusal.invalid(errors.asMap()));
            }
            ObjectNode document = readObject(parser, errors, 1);
            if (parser.nextToken() != null) {
                errors.add("$.", "Unexpected content after the end of the JSON object at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr() + ".");
            }
            return errors.isEmpty() ? new Result(document, null) : new Result(null, Refusal.invalid(errors.asMap()));
        } catch (TooDeep e) {
            return new Result(null, Refusal.invalid(Map.of("$.", List.of(e.getMessage()))));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " LineNumber: " + e.getLocation().getLineNr() + " | Column: " + e.getLocation().getColumnNr() + ".";
            return new Result(null, Refusal.invalid(Map.of("$.", List.of(e.getOriginalMessage() + where))));
        } catch (IOException e) {
            throw new IllegalStateException("Reading from a byte array cannot fail with I/O", e);
        }
    }

    private ObjectNode readObject(JsonParser parser, ValidationErrors errors, int depth) throws IOException {
        checkDepth(depth);
        ObjectNode object = NODES.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (object.has(name)) {
                errors.add(pathOf(parser.getParsingContext()), DUPLICATE_PROPERTY);
                readValue(parser, errors, depth); // read and drop: the first value is kept
            } else {
                object.set(name, readValue(parser, errors, depth));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("Jackson ended an object with " + token);
        }
        return object;
    }

    private ArrayNode readArray(JsonParser parser, ValidationErrors errors, int depth) throws IOException {
        checkDepth(depth);
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(parser, errors, depth));
        }
        return array;
    }

    private JsonNode readValue(JsonParser parser, ValidationErrors errors, int depth) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser, errors, depth + 1);
            case START_ARRAY -> readArray(parser, errors, depth + 1);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal value = parser.getDecimalValue();
                if (!IdentityValues.isReasonable(value)) {
                    errors.add(pathOf(parser.getParsingContext()), "Numeric value is out of range.");
                    yield NODES.nullNode();
                }
                yield NODES.numberNode(value);
            }
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("Unexpected JSON token " + parser.currentToken());
        };
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new TooDeep("The JSON document is nested more than " + maxDepth + " levels deep.");
        }
    }

    /** The JSON path of the property the parser is on, e.g. {@code $.classPeriods[0].classPeriodReference.classPeriodName}. */
    static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            }
        }
        return "$" + String.join("", parts);
    }

    private static boolean startsWithByteOrderMark(byte[] body) {
        return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    private static boolean isBlank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep(String message) {
            super(message, null, false, false);
        }
    }
}
