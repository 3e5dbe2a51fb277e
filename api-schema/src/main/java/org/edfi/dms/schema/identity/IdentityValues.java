package org.edfi.dms.schema.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Canonical text of identity values, so that equal keys hash equally however a client wrote them:
 * numbers in plain decimal form without trailing zeros ({@code 2022.0} and {@code 2022} are the same
 * school year), booleans as {@code true}/{@code false}, strings as they are, and descriptor URIs in
 * lower case because Ed-Fi matches descriptors case-insensitively.
 */
public final class IdentityValues {

    /** The identity path of a descriptor document: its URI {@code namespace#codeValue}. */
    public static final String DESCRIPTOR_PATH = "$.descriptor";

    private IdentityValues() {}

    /** Canonical text of a scalar JSON value at an identity path of the given name. */
    public static String canonical(String identityPath, JsonNode value) {
        if (value.isNumber()) {
            return canonicalNumber(value.decimalValue());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        String text = value.asText();
        return isDescriptorPath(identityPath) ? descriptorUri(text) : text;
    }

    /** A descriptor URI as it is matched: lower case. */
    public static String descriptorUri(String uri) {
        return uri.toLowerCase(Locale.ROOT);
    }

    static String canonicalNumber(BigDecimal number) {
        if (number.signum() == 0) {
            return "0";
        }
        // The parser refuses unreasonable magnitudes; plain text of 1E+999999999 would be a billion digits.
        return isReasonable(number) ? number.stripTrailingZeros().toPlainString() : number.toString();
    }

    /**
     * Whether a number's magnitude and precision are within what any Ed-Fi value can need (at most
     * {@value #MAX_DIGITS} digits before or after the point). Larger ones are refused at the door:
     * their plain text form alone could exhaust memory.
     */
    public static boolean isReasonable(BigDecimal number) {
        return Math.abs((long) number.precision() - number.scale()) <= MAX_DIGITS && Math.abs((long) number.scale()) <= MAX_DIGITS;
    }

    private static final int MAX_DIGITS = 400;

    /** Descriptor-valued identity paths end in "Descriptor" (the ApiSchema naming rule) or are the descriptor's own identity. */
    public static boolean isDescriptorPath(String path) {
        return path.equals(DESCRIPTOR_PATH) || path.endsWith("Descriptor");
    }
}
