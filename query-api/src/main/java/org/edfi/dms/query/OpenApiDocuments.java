package org.edfi.dms.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.QueryField;
import org.edfi.dms.http.ProfileNegotiation;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ProfileSchemas;
import org.edfi.dms.schema.profile.ProfileUsage;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * OpenAPI 3.1 documents of the API, built once from the ApiSchema: one for the resources and one
 * for the descriptors, as the Ed-Fi API publishes them. OpenAPI 3.1 speaks JSON Schema 2020-12, the
 * ApiSchema's dialect, so each resource's insert schema is used as it is.
 */
final class OpenApiDocuments {

    private final byte[] resources;
    private final byte[] descriptors;
    private final byte[] changeQueries;
    private final byte[] discovery;

    OpenApiDocuments(ApiSchema schema) {
        this.discovery = MessageCodec.encode(discovery(schema));
        this.resources = MessageCodec.encode(build(schema, "Resources", r -> !r.isDescriptor()));
        this.descriptors = MessageCodec.encode(build(schema, "Descriptors", ResourceSchema::isDescriptor));
        this.changeQueries = MessageCodec.encode(changeQueries(schema));
    }

    /** The document of the instance's change versions, as the ODS/API publishes it beside the data documents. */
    byte[] changeQueries() {
        return changeQueries;
    }

    /** The document of the open description of the API (discovery, dependencies, metadata), the DMS's "Discovery" section. */
    byte[] discovery() {
        return discovery;
    }

    byte[] resources() {
        return resources;
    }

    byte[] descriptors() {
        return descriptors;
    }

    static final String SECURITY_SCHEME = "oauth2_client_credentials";

    private static ObjectNode build(ApiSchema schema, String title, Predicate<ResourceSchema> include) {
        ObjectNode root = skeleton(schema, title);
        ObjectNode paths = (ObjectNode) root.get("paths");
        ObjectNode components = (ObjectNode) root.get("components").get("schemas");
        trackedChangeSchemas(components);
        ObjectNode pageTokens = components.putObject("PageTokens");
        pageTokens.put("type", "object");
        pageTokens.putObject("properties").putObject("pageTokens").put("type", "array").putObject("items").put("type", "string");
        for (ResourceSchema resource : schema.resources()) {
            if (!include.test(resource)) {
                continue;
            }
            String name = resource.projectEndpoint() + "_" + resource.name().resourceName();
            components.set(name, resource.jsonSchemaForInsert());
            String collection = "/" + resource.projectEndpoint() + "/" + resource.endpointName();
            ObjectNode list = paths.putObject(collection);
            ObjectNode getMany = operation("Reads " + resource.endpointName() + " matching the query", name, true, queryParameters(resource));
            ((ObjectNode) getMany.get("responses").get("200")).putObject("headers").putObject(ReadPipeline.NEXT_PAGE_TOKEN)
                    .put("description", "The pageToken of the next page; absent on the last page")
                    .putObject("schema").put("type", "string");
            snapshotAnswers(getMany);
            list.set("get", getMany);
            list.set("post", operation("Creates or updates a " + resource.name().resourceName() + " by its natural key", name, false, null));
            ObjectNode deletes = operation("Reads the deletes of " + resource.endpointName()
                    + " within a change version window: id, change version and natural key of each (a document re-created since is left out)",
                    "TrackedDelete", true, changeParameters());
            snapshotAnswers(deletes);
            paths.putObject(collection + "/deletes").set("get", deletes);
            ObjectNode keyChanges = operation("Reads the natural key changes of " + resource.endpointName()
                    + " within a change version window: one per document, its first old key and last new key",
                    "TrackedKeyChange", true, changeParameters());
            snapshotAnswers(keyChanges);
            paths.putObject(collection + "/keyChanges").set("get", keyChanges);
            ObjectNode partitions = operation("Page tokens that split the " + resource.endpointName()
                    + " matching the query into runs that workers can read in parallel", null, false, partitionParameters(resource));
            ((ObjectNode) partitions.get("responses")).putObject("200").put("description", "OK").putObject("content")
                    .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/PageTokens");
            snapshotAnswers(partitions);
            paths.putObject(collection + "/partitions").set("get", partitions);
            ObjectNode item = paths.putObject(collection + "/{id}");
            item.set("parameters", idParameter());
            ArrayNode byIdHeaders = MessageCodec.MAPPER.createArrayNode();
            addSnapshot(byIdHeaders);
            ObjectNode getById = operation("Reads a " + resource.name().resourceName() + " by id", name, false, byIdHeaders);
            snapshotAnswers(getById);
            item.set("get", getById);
            item.set("put", operation("Replaces a " + resource.name().resourceName() + " by id", name, false, null));
            item.set("delete", operation("Deletes a " + resource.name().resourceName() + " by id", null, false, null));
        }
        return root;
    }

    /**
     * The document of one profile (docs/profiles.md): the resources it covers, each read in its
     * readable and written in its writable media type, with the schemas as the profile shapes them.
     */
    static ObjectNode profile(ApiSchema schema, Profile profile) {
        ObjectNode root = skeleton(schema, "Profile " + profile.name());
        ObjectNode paths = (ObjectNode) root.get("paths");
        ObjectNode components = (ObjectNode) root.get("components").get("schemas");
        for (ResourceProfile covered : profile.resources().values()) {
            ResourceSchema resource = covered.resource();
            String base = resource.projectEndpoint() + "_" + resource.name().resourceName();
            String collection = "/" + resource.projectEndpoint() + "/" + resource.endpointName();
            ObjectNode list = paths.putObject(collection);
            ObjectNode item = paths.putObject(collection + "/{id}");
            item.set("parameters", idParameter());
            covered.readable().ifPresent(shape -> {
                String name = base + "_readable";
                components.set(name, ProfileSchemas.shape(covered, shape));
                String type = ProfileNegotiation.mediaType(resource, profile.name(), ProfileUsage.READABLE);
                list.set("get", mediaType(operation("Reads " + resource.endpointName() + " matching the query, as the profile shows them", name,
                        true, queryParameters(resource)), "200", type));
                item.set("get", mediaType(operation("Reads a " + resource.name().resourceName() + " by id, as the profile shows it", name, false, null),
                        "200", type));
            });
            covered.writable().ifPresent(shape -> {
                String name = base + "_writable";
                components.set(name, ProfileSchemas.shape(covered, shape));
                String type = ProfileNegotiation.mediaType(resource, profile.name(), ProfileUsage.WRITABLE);
                list.set("post", requestBody(operation("Creates or updates a " + resource.name().resourceName()
                        + " by its natural key; members the profile excludes keep their stored values", null, false, null), name, type));
                item.set("put", requestBody(operation("Replaces a " + resource.name().resourceName()
                        + " by id; members the profile excludes keep their stored values", null, false, null), name, type));
            });
            item.set("delete", operation("Deletes a " + resource.name().resourceName() + " by id", null, false, null));
        }
        return root;
    }

    /** The operation's answer of {@code status} in the profile's media type, not plain JSON. */
    private static ObjectNode mediaType(ObjectNode operation, String status, String type) {
        ObjectNode content = (ObjectNode) operation.get("responses").get(status).get("content");
        content.set(type, content.remove("application/json"));
        return operation;
    }

    private static ObjectNode requestBody(ObjectNode operation, String schemaName, String type) {
        operation.putObject("requestBody").put("required", true).putObject("content").putObject(type).putObject("schema")
                .put("$ref", "#/components/schemas/" + schemaName);
        return operation;
    }

    private static ArrayNode idParameter() {
        ArrayNode idParameter = MessageCodec.MAPPER.createArrayNode();
        idParameter.addObject().put("name", "id").put("in", "path").put("required", true).putObject("schema").put("type", "string").put("format", "uuid");
        return idParameter;
    }

    /** What every document shares: info, servers, the security scheme, and the problem schema. */
    private static ObjectNode skeleton(ApiSchema schema, String title) {
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
        addOffsetPaging(parameters);
        parameters.addObject().put("name", Paging.PAGE_TOKEN).put("in", "query")
                .put("description", "Cursor paging: the Next-Page-Token of the previous page, or a token of /partitions; not with limit, offset or totalCount")
                .putObject("schema").put("type", "string");
        parameters.addObject().put("name", Paging.PAGE_SIZE).put("in", "query")
                .put("description", "Cursor paging: documents a page holds; alone, it starts a walk at the first document")
                .putObject("schema").put("type", "integer").put("minimum", 0).put("maximum", Paging.MAX_PAGE_SIZE).put("default", Paging.MAX_PAGE_SIZE);
        addWindow(parameters);
        addSnapshot(parameters);
        addQueryFields(parameters, resource, name -> true);
        return parameters;
    }

    /** The request headers of a snapshot read (docs/paging.md#snapshots). */
    private static void addSnapshot(ArrayNode parameters) {
        parameters.addObject().put("name", SnapshotRequest.USE_SNAPSHOT).put("in", "header")
                .put("description", "true: read the instance as of one change version (a snapshot), the newest readable unless "
                        + SnapshotRequest.CHANGE_VERSION + " names another; a page token of a snapshot walk carries its snapshot")
                .putObject("schema").put("type", "boolean").put("default", false);
        parameters.addObject().put("name", SnapshotRequest.CHANGE_VERSION).put("in", "header")
                .put("description", "With Use-Snapshot: true, the snapshot to read, as an earlier answer's " + SnapshotRequest.CHANGE_VERSION
                        + " header named it (to read several resources, or offset pages, as of one snapshot)")
                .putObject("schema").put("type", "integer").put("format", "int64").put("minimum", 0);
    }

    /** What a snapshot read answers beside its documents: the snapshot it read, or 410 when that is not available. */
    private static void snapshotAnswers(ObjectNode operation) {
        ObjectNode responses = (ObjectNode) operation.get("responses");
        ((ObjectNode) responses.get("200")).withObject("headers").putObject(SnapshotRequest.CHANGE_VERSION)
                .put("description", "The change version the snapshot read is as of; only on snapshot reads")
                .putObject("schema").put("type", "integer").put("format", "int64");
        responses.putObject("410").put("description", "The snapshot is not available (older than the retention, or none kept): start again with a new one")
                .putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
    }

    private static ArrayNode partitionParameters(ResourceSchema resource) {
        ArrayNode parameters = MessageCodec.MAPPER.createArrayNode();
        parameters.addObject().put("name", PartitionParameters.NUMBER).put("in", "query").putObject("schema").put("type", "integer")
                .put("minimum", PartitionParameters.MIN).put("maximum", PartitionParameters.MAX).put("default", PartitionParameters.DEFAULT);
        addWindow(parameters);
        addSnapshot(parameters);
        addQueryFields(parameters, resource, name -> !name.equals(PartitionParameters.NUMBER));
        return parameters;
    }

    /** limit, offset and totalCount, as every collection (resources, descriptors, deletes, key changes) takes them. */
    private static void addOffsetPaging(ArrayNode parameters) {
        parameters.addObject().put("name", Paging.LIMIT).put("in", "query").putObject("schema").put("type", "integer")
                .put("minimum", 0).put("maximum", Paging.MAX_PAGE_SIZE).put("default", Paging.DEFAULT_LIMIT);
        parameters.addObject().put("name", Paging.OFFSET).put("in", "query").putObject("schema").put("type", "integer").put("minimum", 0);
        parameters.addObject().put("name", Paging.TOTAL_COUNT).put("in", "query").putObject("schema").put("type", "boolean");
    }

    private static void addQueryFields(ArrayNode parameters, ResourceSchema resource, Predicate<String> include) {
        for (QueryField field : resource.queryFields().values()) {
            if (!include.test(field.name())) {
                continue;
            }
            String type = field.targets().isEmpty() ? "string" : field.targets().getFirst().type();
            JsonNode schema = switch (type) {
                case "number" -> MessageCodec.MAPPER.createObjectNode().put("type", "number");
                case "boolean" -> MessageCodec.MAPPER.createObjectNode().put("type", "boolean");
                case "date", "time", "date-time" -> MessageCodec.MAPPER.createObjectNode().put("type", "string").put("format", type);
                default -> MessageCodec.MAPPER.createObjectNode().put("type", "string");
            };
            parameters.addObject().put("name", field.name()).put("in", "query").set("schema", schema);
        }
    }

    /** The paging and change version window of the tracked change routes (/deletes, /keyChanges). */
    private static ArrayNode changeParameters() {
        ArrayNode parameters = MessageCodec.MAPPER.createArrayNode();
        addOffsetPaging(parameters);
        addWindow(parameters);
        addSnapshot(parameters);
        return parameters;
    }

    private static void addWindow(ArrayNode parameters) {
        for (String name : new String[] {ChangeVersionWindow.MIN, ChangeVersionWindow.MAX}) {
            parameters.addObject().put("name", name).put("in", "query")
                    .put("description", "Only changes whose change version is " + (name.startsWith("min") ? "at least" : "at most") + " this")
                    .putObject("schema").put("type", "integer").put("format", "int64").put("minimum", 0);
        }
    }

    private static void trackedChangeSchemas(ObjectNode components) {
        ObjectNode delete = components.putObject("TrackedDelete").put("type", "object");
        ObjectNode deleteProperties = delete.putObject("properties");
        deleteProperties.putObject("id").put("type", "string");
        deleteProperties.putObject("changeVersion").put("type", "integer").put("format", "int64");
        deleteProperties.putObject("keyValues").put("type", "object").put("description", "The natural key the document had, named as its query fields");
        ObjectNode keyChange = components.putObject("TrackedKeyChange").put("type", "object");
        ObjectNode keyChangeProperties = keyChange.putObject("properties");
        keyChangeProperties.putObject("id").put("type", "string");
        keyChangeProperties.putObject("changeVersion").put("type", "integer").put("format", "int64");
        keyChangeProperties.putObject("oldKeyValues").put("type", "object");
        keyChangeProperties.putObject("newKeyValues").put("type", "object");
    }

    private static ObjectNode discovery(ApiSchema schema) {
        ObjectNode root = MessageCodec.MAPPER.createObjectNode();
        root.put("openapi", "3.1.0");
        root.putObject("info").put("title", "Ed-Fi Discovery").put("version", "1")
                .put("description", "The open, read-only description of the API: its version and data models, the load order of its"
                        + " resources, its OpenAPI documents and the Data Standard's XSD files.");
        root.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = root.putObject("paths");
        String[][] operations = {
                {"/", "The version of the API, its data models and the URLs of its parts"},
                {"/metadata", "The sections of the metadata"},
                {"/metadata/dependencies", "The order in which resources can be loaded so that every reference points backwards"},
                {"/metadata/specifications", "The OpenAPI documents"},
                {"/metadata/xsd", "The data models whose XSD files are served"},
                {"/metadata/xsd/{project}/files", "The URLs of a data model's XSD files"}};
        for (String[] operation : operations) {
            ObjectNode get = paths.putObject(operation[0]).putObject("get");
            get.put("summary", operation[1]).putArray("security");
            if (operation[0].contains("{project}")) {
                get.putArray("parameters").addObject().put("name", "project").put("in", "path").put("required", true)
                        .putObject("schema").put("type", "string");
            }
            get.putObject("responses").putObject("200").put("description", "OK").putObject("content").putObject("application/json")
                    .putObject("schema").put("type", operation[0].equals("/") || operation[0].equals("/metadata") ? "object" : "array");
        }
        return root;
    }

    private static ObjectNode changeQueries(ApiSchema schema) {
        ObjectNode root = MessageCodec.MAPPER.createObjectNode();
        root.put("openapi", "3.1.0");
        root.putObject("info").put("title", "Ed-Fi Change Queries").put("version", "1");
        root.putArray("servers").addObject().put("url", "/changeQueries/v1");
        root.putArray("security").addObject().putArray(SECURITY_SCHEME);
        root.putObject("components").putObject("securitySchemes").putObject(SECURITY_SCHEME)
                .put("type", "oauth2")
                .putObject("flows").putObject("clientCredentials").put("tokenUrl", "/oauth/token").putObject("scopes");
        ObjectNode get = root.putObject("paths").putObject("/availableChangeVersions").putObject("get");
        get.put("summary", "The oldest and newest change versions of the instance; every change up to the newest is readable");
        ObjectNode schemaNode = get.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                .putObject("application/json").putObject("schema").put("type", "object");
        ObjectNode properties = schemaNode.putObject("properties");
        properties.putObject("oldestChangeVersion").put("type", "integer").put("format", "int64");
        properties.putObject("newestChangeVersion").put("type", "integer").put("format", "int64");
        return root;
    }
}
