package org.edfi.dms.cdc;

/** JSON string literals written by hand: this plugin carries no JSON library, the Connect worker provides none for sure. */
final class JsonText {

    private JsonText() {}

    /** Appends {@code value} escaped as the content of a JSON string, without the quotes. */
    static StringBuilder appendEscaped(StringBuilder json, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json;
    }

    /** Appends {@code value} as a quoted JSON string. */
    static StringBuilder appendString(StringBuilder json, Object value) {
        return appendEscaped(json.append('"'), String.valueOf(value)).append('"');
    }
}
