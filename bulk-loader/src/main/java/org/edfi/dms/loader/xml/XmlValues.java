package org.edfi.dms.loader.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a leaf element into a JSON value of its type. Strings are copied exactly:
 * surrounding spaces in a string are data, and validation, not the loader, decides about them.
 * Every other XSD type (numbers, booleans, dates, times, school years) collapses white space, so
 * their text is stripped first.
 */
final class XmlValues {

    /** How a leaf's text becomes JSON. */
    enum ValueType {
        /** A string (descriptor URIs included), copied as is. */
        STRING,
        /** A date, time or date-time: a string whose surrounding white space is not data. */
        COLLAPSED_STRING,
        /** A number the JSON Schema says is an integer. */
        INTEGER,
        /** Any other number: an integer when written as one, else a decimal. */
        DECIMAL,
        BOOLEAN,
        /** A school year written as the XSD enumeration {@code 2021-2022} (or plainly {@code 2022}); the JSON value is the ending year. */
        SCHOOL_YEAR
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern SCHOOL_YEAR_RANGE = Pattern.compile("(\\d{4})-(\\d{4})");

    private XmlValues() {}

    /** The value, or an {@link IllegalArgumentException} saying why the text is not one. */
    static JsonNode parse(ValueType type, String text) {
        return switch (type) {
            case STRING -> TextNode.valueOf(text);
            case COLLAPSED_STRING -> TextNode.valueOf(text.strip());
            case INTEGER, DECIMAL -> number(text.strip(), type == ValueType.INTEGER);
            case BOOLEAN -> bool(text.strip());
            case SCHOOL_YEAR -> schoolYear(text.strip());
        };
    }

    private static JsonNode number(String text, boolean integerExpected) {
        if (INTEGER.matcher(text).matches()) {
            return integer(new BigInteger(text));
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a number");
        }
        if (integerExpected && value.stripTrailingZeros().scale() <= 0) {
            return integer(value.toBigIntegerExact());
        }
        // A double prints as written for the decimals Ed-Fi uses (50.00000 becomes 50.0); anything it would round stays exact.
        double asDouble = value.doubleValue();
        return Double.isFinite(asDouble) && new BigDecimal(Double.toString(asDouble)).compareTo(value) == 0
                ? JSON.numberNode(asDouble)
                : JSON.numberNode(value);
    }

    private static JsonNode integer(BigInteger value) {
        if (value.bitLength() < 32) {
            return JSON.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? JSON.numberNode(value.longValue()) : JSON.numberNode(value);
    }

    /** The XSD boolean's four spellings. */
    private static JsonNode bool(String text) {
        return switch (text) {
            case "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a boolean (true, false, 1 or 0)");
        };
    }

    private static JsonNode schoolYear(String text) {
        Matcher range = SCHOOL_YEAR_RANGE.matcher(text);
        if (range.matches() && Integer.parseInt(range.group(2)) == Integer.parseInt(range.group(1)) + 1) {
            return JSON.numberNode(Integer.parseInt(range.group(2)));
        }
        if (text.matches("\\d{4}")) {
            return JSON.numberNode(Integer.parseInt(text));
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a school year (e.g. 2021-2022)");
    }
}
