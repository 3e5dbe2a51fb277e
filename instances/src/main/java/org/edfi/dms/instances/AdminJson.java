package org.edfi.dms.instances;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.MessageCodec;

/**
 * The JSON of the admin API (docs/instances.md): request bodies in, tenants and instances out.
 * Requests are read strictly, because a misspelt field of an instance (say {@code contxt}) would
 * otherwise create a different instance than the one meant.
 */
final class AdminJson {

    /** The path of a problem with the body as a whole. */
    static final String BODY = "$";

    private static final List<String> TENANT_FIELDS = List.of("name");
    private static final List<String> INSTANCE_FIELDS = List.of("tenant", "name", "context", "server", "mode");

    private AdminJson() {}

    static String tenantName(byte[] body) {
        ObjectNode json = object(body, TENANT_FIELDS);
        return requiredText(json, "name");
    }

    static NewInstance newInstance(byte[] body) {
        ObjectNode json = object(body, INSTANCE_FIELDS);
        String tenant = requiredText(json, "tenant");
        Optional<String> name = optionalText(json, "name");
        Optional<String> server = optionalText(json, "server");
        Optional<StoreMode> mode = optionalText(json, "mode").map(m -> StoreMode.of(m, "$.mode"));
        Map<String, String> context = new LinkedHashMap<>();
        JsonNode given = json.get("context");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidInstanceException("$.context", "the context is an object of route qualifier values, e.g. {\"districtId\": \"255901\", \"schoolYear\": \"2024\"}");
            }
            for (Map.Entry<String, JsonNode> entry : given.properties()) {
                JsonNode value = entry.getValue();
                if (!value.isTextual() && !value.isIntegralNumber()) {
                    throw new InvalidInstanceException("$.context." + entry.getKey(), "a context value is a string or a whole number");
                }
                context.put(entry.getKey(), value.asText());
            }
        }
        return new NewInstance(tenant, name, context, server, mode);
    }

    static ObjectNode tenant(Tenant tenant) {
        return MessageCodec.MAPPER.createObjectNode()
                .put("name", tenant.name())
                .put("createdAt", tenant.createdAt().toString());
    }

    static ObjectNode instance(Instance instance) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode()
                .put("tenant", instance.tenant())
                .put("name", instance.name());
        ObjectNode context = json.putObject("context");
        instance.context().forEach(context::put);
        json.put("server", instance.server())
                .put("mode", instance.mode().label())
                .put("state", instance.state().label());
        json.putObject("topics")
                .put("commands", instance.topics().commands())
                .put("documents", instance.topics().documents())
                .put("results", instance.topics().results())
                .put("changes", instance.topics().changes());
        return json.put("createdAt", instance.createdAt().toString())
                .put("updatedAt", instance.updatedAt().toString());
    }

    static <T> ArrayNode list(List<T> values, Function<T, ObjectNode> render) {
        ArrayNode array = MessageCodec.MAPPER.createArrayNode();
        values.forEach(value -> array.add(render.apply(value)));
        return array;
    }

    private static ObjectNode object(byte[] body, List<String> fields) {
        if (body.length == 0) {
            throw new InvalidInstanceException(BODY, "a JSON object is required as the request body");
        }
        JsonNode json;
        try {
            json = MessageCodec.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInstanceException(BODY, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInstanceException(BODY, "the body could not be read: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidInstanceException(BODY, "a JSON object is required as the request body");
        }
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            String name = field.getKey();
            if (!fields.contains(name)) {
                throw new InvalidInstanceException("$." + name, "unknown field; the fields are " + String.join(", ", fields));
            }
        }
        return (ObjectNode) json;
    }

    private static String requiredText(ObjectNode json, String field) {
        return optionalText(json, field).orElseThrow(() -> new InvalidInstanceException("$." + field, field + " is required"));
    }

    private static Optional<String> optionalText(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInstanceException("$." + field, field + " is a string");
        }
        return Optional.of(value.asText());
    }
}
