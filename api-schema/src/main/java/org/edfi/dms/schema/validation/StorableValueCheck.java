package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.edfi.dms.schema.identity.IdentityValues;

/**
 * Values that are valid JSON but that no store can hold, refused with the document's other errors
 * before the document goes anywhere: a string or property name holding U+0000 or half of a UTF-16
 * surrogate pair (the escapes {@code "\u0000"} and {@code "\ud800"} are valid JSON; PostgreSQL's
 * jsonb refuses them), an integer beyond 64 bits (the ODS/API's widest), and a decimal beyond
 * {@link IdentityValues#isReasonable}. Left to the store, such a document would be committed by the
 * processor and then refused by the store-sink, whose instance would stop applying changes.
 */
final class StorableValueCheck {

    static final String OUT_OF_RANGE = "Numeric value is out of range.";

    private StorableValueCheck() {}

    static void check(JsonNode document, ValidationErrors errors) {
        walk(document, "$", errors);
    }

    private static void walk(JsonNode node, String path, ValidationErrors errors) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path + "." + field.getKey();
                String unstorable = unstorable(field.getKey());
                if (unstorable != null) {
                    errors.add(child, "The property name " + unstorable);
                }
                walk(field.getValue(), child, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isTextual()) {
            String unstorable = unstorable(node.textValue());
            if (unstorable != null) {
                errors.add(path, "The value " + unstorable);
            }
        } else if (node.isBigInteger() && node.bigIntegerValue().bitLength() > 63) {
            errors.add(path, OUT_OF_RANGE);
        } else if (node.isBigDecimal() && !IdentityValues.isReasonable(node.decimalValue())) {
            errors.add(path, OUT_OF_RANGE);
        }
    }

    /** Why a string cannot be stored, or null when it can. */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains the character U+0000, which cannot be stored.";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character beyond the Basic Multilingual Plane
            } else if (Character.isSurrogate(c)) {
                return "contains half of a UTF-16 surrogate pair (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + ") without the other half, which cannot be stored.";
            }
        }
        return null;
    }
}
