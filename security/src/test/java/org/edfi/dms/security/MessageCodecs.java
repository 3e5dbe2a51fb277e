package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.edfi.dms.contracts.MessageCodec;

/** JSON helpers of the tests. */
final class MessageCodecs {

    private MessageCodecs() {}

    /** A base64url JWT part as JSON. */
    static JsonNode json(String part) throws Exception {
        return MessageCodec.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
    }
}
