package org.edfi.dms.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.QueryField;
import org.edfi.dms.schema.ResourceSchema;

/**
 * OpenAPI 3.1 documents of the API, built once from the ApiSchema: one for the resources and one
 * for the descriptors, as the Ed-Fi API publishes them. OpenAPI 3.1 speaks JSON Schema 2020-12, the
 * ApiSchema's dialect, so each resource's insert schema is used as it is.
 */
final class OpenApiDocuments {

    private final byte[] resources;
    private final byte[] descriptors;

    OpenApiDocuments(ApiSchema schema) {
        this.resources = MessageCodec.encode(build(schema, "Resources", r -> !r.isDescriptor()));
        this.descriptors = MessageCodec.encode(build(schema, "Descriptors", ResourceSchema::isDescriptor));
    }

    byte[] resources() {
        return resources;
    }

    byte[] descriptors() {
        return descriptors;
    }

    static final String SECURITY_SCHEME = "oauth2_client_credentials";

    private static ObjectNode build(ApiSchema schema, String title, Predicate<ResourceSchema> include) {
        ObjectNode root = MessageCodec.MAPPER.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Ed-Fi " + title);
        info.put("version", schema.projects().getFirst().version());
        info.put("description", schema.projects().getFirst().description());
        root.putArray("servers").addObject().put("url", "/data");
        // Every data route needs a bearer token of the client credentials grant, which tools such
        // as Swagger UI then ask for themselves.
        root.putArray("security").addObject().putArray(SECURITY_SCHEME);
        ObjectNode paths = root.putObject("paths");
        ObjectNode componentsRoot = root.putObject("components");
        componentsRoot.putObject("securitySchemes").putObject(SECURITY_SCHEME)
                .put("type", "oauth2")
                .putObject("flows").putObject("clientCredentials").put("tokenUrl", "/oauth/token").putObject("scopes");
        ObjectNode components = componentsRoot.putObject("schemas");
        ObjectNode problem = components.putObject("Problem");
        problem.put("type", "object");
        for (String field : new String[] {"detail", "type", "title", "correlationId"}) {
            problem.putObject("properties").putObject(field).put("type", "string");
        }
        for (ResourceSchema resource : schema.resources()) {
            if (!include.test(resource)) {
                continue;
            }
            String name = resource.projectEndpoint() + "_" + resource.name().resourceName();
            components.set(name, resource.jsonSchemaForInsert());
            String collection = "/" + resource.projectEndpoint() + "/" + resource.endpointName();
            ObjectNode list = paths.putObject(collection);
            list.set("get", operation("Reads " + resource.endpointName() + " matching the query", name, true, queryParameters(resource)));
            list.set("post", operation("Creates or updates a " + resource.name().resourceName() + " by its natural key", name, false, null));
            ObjectNode item = paths.putObject(collection + "/{id}");
            ArrayNode idParameter = MessageCodec.MAPPER.createArrayNode();
            idParameter.addObject().put("name", "id").put("in", "path").put("required", true).putObject("schema").put("type", "string").put("format", "uuid");
            item.set("parameters", idParameter);
            item.set("get", operation("Reads a " + resource.name().resourceName() + " by id", name, false, null));
            item.set("put", operation("Replaces a " + resource.name().resourceName() + " by id", name, false, null));
            item.set("delete", operation("Deletes a " + resource.name().resourceName() + " by id", null, false, null));
        }
        return root;
    }

    private static ObjectNode operation(String summary, String schemaName, boolean list, ArrayNode parameters) {
        ObjectNode operation = MessageCodec.MAPPER.createObjectNode();
        operation.put("summary", summary);
        if (parameters != null) {
            operation.set("parameters", parameters);
        }
        ObjectNode responses = operation.putObject("responses");
        if (schemaName != null) {
            ObjectNode schema = responses.putObject("200").put("description", "OK").putObject("content").putObject("application/json").putObject("schema");
            if (list) {
                schema.put("type", "array").putObject("items").put("$ref", "#/components/schemas/" + schemaName);
            } else {
                schema.put("$ref", "#/components/schemas/" + schemaName);
            }
        }
        responses.putObject("default").put("description", "An Ed-Fi problem").putObject("content")
                .putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
        return operation;
    }

    private static ArrayNode queryParameters(ResourceSchema resource) {
        ArrayNode parameters = MessageCodec.MAPPER.createArrayNode();
        parameters.addObject().put("name", "limit").put("in", "query").putObject("schema").put("type", "integer").put("minimum", 0).put("maximum", ReadPipeline.MAX_LIMIT);
        parameters.addObject().put("name", "offset").put("in", "query").putObject("schema").put("type", "integer").put("minimum", 0);
        parameters.addObject().put("name", "totalCount").put("in", "query").putObject("schema").put("type", "boolean");
        for (QueryField field : resource.queryFields().values()) {
            String type = field.targets().isEmpty() ? "string" : field.targets().getFirst().type();
            JsonNode schema = switch (type) {
                case "number" -> MessageCodec.MAPPER.createObjectNode().put("type", "number");
                case "boolean" -> MessageCodec.MAPPER.createObjectNode().put("type", "boolean");
                case "date", "time", "date-time" -> MessageCodec.MAPPER.createObjectNode().put("type", "string").put("format", type);
                default -> MessageCodec.MAPPER.createObjectNode().put("type", "string");
            };
            parameters.addObject().put("name", field.name()).put("in", "query").set("schema", schema);
        }
        return parameters;
    }
}
