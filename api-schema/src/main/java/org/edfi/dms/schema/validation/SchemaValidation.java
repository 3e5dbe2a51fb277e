package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * A resource's JSON Schema (draft 2020-12), compiled once, and the translation of its failures into
 * the messages Ed-Fi clients know from the DMS ({@code schoolId is required.},
 * {@code firstName cannot contain leading or trailing spaces.}), keyed by the concrete JSON path of
 * the offending value.
 */
final class SchemaValidation {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .format(EdFiFormats.TIME_FORMAT)
                    .format(EdFiFormats.DATE_TIME_FORMAT)
                    .build())
            .build();

    private final JsonSchema schema;

    private SchemaValidation(JsonSchema schema) {
        this.schema = schema;
    }

    static SchemaValidation compile(JsonNode jsonSchema) {
        JsonSchema compiled = FACTORY.getSchema(jsonSchema, CONFIG);
        compiled.initializeValidators(); // compile now, not on the first request
        return new SchemaValidation(compiled);
    }

    void validate(JsonNode document, ValidationErrors errors) {
        for (ValidationMessage message : schema.validate(document)) {
            report(message, errors);
        }
    }

    private static void report(ValidationMessage message, ValidationErrors errors) {
        String path = message.getInstanceLocation().toString();
        String leaf = ValidationErrors.leafName(path);
        Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
        switch (message.getType()) {
            case "required" -> errors.add(path + "." + message.getProperty(), message.getProperty() + " is required.");
            case "type" -> errors.add(path, leaf + " Value is \"" + args[0] + "\" but should be \"" + args[1] + "\"");
            case "minLength" -> errors.add(path, isEmptyString(message)
                    ? leaf + " is required and should not be left empty."
                    : leaf + " Value should be at least " + args[0] + " characters");
            case "maxLength" -> errors.add(path, leaf + " Value should be at most " + args[0] + " characters");
            case "minimum" -> errors.add(path, leaf + " Value should be at least " + args[0]);
            case "maximum" -> errors.add(path, leaf + " Value should be at most " + args[0]);
            case "minItems" -> errors.add(path, leaf + " Value should have at least " + args[0] + " item(s)");
            case "uniqueItems" -> errors.add(path, leaf + " Value should not contain duplicate items");
            case "pattern" -> errors.add(path, isEmptyString(message)
                    ? leaf + " is required and should not be left empty."
                    : leaf + " cannot contain leading or trailing spaces.");
            case "format" -> errors.add(path, leaf + " Value is not a valid " + args[0] + formatHint(String.valueOf(args[0])));
            case "additionalProperties" -> errors.add(path + "." + message.getProperty(), message.getProperty() + " property is not allowed.");
            default -> errors.add(path, leaf + " " + withoutLocation(message));
        }
    }

    /**
     * An empty string breaks both minLength and the whitespace pattern; the DMS tells it once, as a
     * missing value, so both say the same and the repeat is dropped.
     */
    private static boolean isEmptyString(ValidationMessage message) {
        JsonNode value = message.getInstanceNode();
        return value != null && value.isTextual() && value.asText().isEmpty();
    }

    private static String formatHint(String format) {
        return switch (format) {
            case "date" -> " (expected yyyy-MM-dd)";
            case "time" -> " (expected HH:mm:ss)";
            case "date-time" -> " (expected yyyy-MM-ddTHH:mm:ss, with an optional offset)";
            default -> "";
        };
    }

    /** networknt's message without its leading {@code $.path: }. */
    private static String withoutLocation(ValidationMessage message) {
        String text = message.getMessage();
        int colon = text.indexOf(": ");
        return colon < 0 ? text : text.substring(colon + 2);
    }
}
