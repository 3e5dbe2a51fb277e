package org.edfi.dms.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.RequestContext;
import org.edfi.dms.http.Responses;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DependencyOrder;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.profile.Profile;

/**
 * The open, read-only description of the API, declared in one place: discovery at {@code /}, the
 * dependency order, OpenAPI documents and the Data Standard's XSD files under {@code /metadata/},
 * each also under every instance route prefix (the access guard answers 404 when the prefix names
 * no instance). The sections and their shapes are the Ed-Fi DMS's.
 */
public final class MetadataService implements HttpService {

    private final ApiSchema schema;
    private final InstanceRoutes routes;
    private final OpenApiDocuments openApi;
    private final byte[] dependencies;
    private final Supplier<Collection<Profile>> profiles;

    public MetadataService(ApiSchema schema, InstanceRoutes routes) {
        this(schema, routes, List::of);
    }

    /** @param profiles the API profiles the node knows now, each with an OpenAPI document of its own */
    public MetadataService(ApiSchema schema, InstanceRoutes routes, Supplier<Collection<Profile>> profiles) {
        this.profiles = profiles;
        this.schema = schema;
        this.routes = routes;
        this.openApi = new OpenApiDocuments(schema);
        this.dependencies = MessageCodec.encode(dependencies(schema.dependencyOrder()));
    }

    @Override
    public void routing(HttpRules rules) {
        // Unprefixed routes first: /metadata is the metadata, not the discovery of a tenant named "metadata" (a name tenants cannot have).
        for (String prefix : routes.prefixes().reversed()) {
            rules.get(prefix.isEmpty() ? "/" : prefix, this::discovery)
                    .get(prefix + "/", this::discovery)
                    .get(prefix + "/metadata", this::metadata)
                    .get(prefix + "/metadata/dependencies", (req, res) -> Responses.json(res, 200, dependencies))
                    .get(prefix + "/metadata/data/v3/dependencies", (req, res) -> Responses.json(res, 200, dependencies))
                    .get(prefix + "/metadata/specifications", this::specifications)
                    .get(prefix + "/metadata/specifications/resources-spec.json", (req, res) -> Responses.json(res, 200, openApi.resources()))
                    .get(prefix + "/metadata/specifications/descriptors-spec.json", (req, res) -> Responses.json(res, 200, openApi.descriptors()))
                    .get(prefix + "/metadata/specifications/changeQueries-spec.json", (req, res) -> Responses.json(res, 200, openApi.changeQueries()))
                    .get(prefix + "/metadata/specifications/discovery-spec.json", (req, res) -> Responses.json(res, 200, openApi.discovery()))
                    .get(prefix + "/metadata/xsd", this::xsdSections)
                    .get(prefix + "/metadata/xsd/{project}/files", this::xsdFiles)
                    .get(prefix + "/metadata/xsd/{project}/{file}", this::xsdFile)
                    .get(prefix + "/metadata/specifications/profiles/{name}/resources-spec.json", this::profile);
        }
    }

    private void discovery(ServerRequest req, ServerResponse res) {
        String base = base(req);
        ObjectNode root = MessageCodec.MAPPER.createObjectNode();
        root.put("version", "1.0.0");
        root.put("applicationName", "Ed-Fi Data Management Service on Kafka Streams");
        ArrayNode models = root.putArray("dataModels");
        for (ProjectSchema project : schema.projects()) {
            models.addObject().put("name", project.projectName()).put("version", project.version())
                    .put("informationalVersion", project.description());
        }
        ObjectNode urls = root.putObject("urls");
        urls.put("dependencies", base + "/metadata/dependencies");
        urls.put("openApiMetadata", base + "/metadata/specifications");
        urls.put("oauth", base + "/oauth/token");
        urls.put("dataManagementApi", base + "/data");
        urls.put("changeQueries", base + "/changeQueries/v1/");
        urls.put("swaggerUI", origin(req) + SwaggerUiService.PATH + "/");
        Responses.json(res, 200, root);
    }

    private void metadata(ServerRequest req, ServerResponse res) {
        String base = base(req);
        ObjectNode links = MessageCodec.MAPPER.createObjectNode();
        links.put("dependencies", base + "/metadata/dependencies");
        links.put("specifications", base + "/metadata/specifications");
        links.put("xsdMetadata", base + "/metadata/xsd");
        Responses.json(res, 200, links);
    }

    private void specifications(ServerRequest req, ServerResponse res) {
        String base = base(req);
        ArrayNode list = MessageCodec.MAPPER.createArrayNode();
        list.addObject().put("name", "Resources").put("endpointUri", base + "/metadata/specifications/resources-spec.json").put("prefix", "");
        list.addObject().put("name", "Descriptors").put("endpointUri", base + "/metadata/specifications/descriptors-spec.json").put("prefix", "");
        list.addObject().put("name", "Discovery").put("endpointUri", base + "/metadata/specifications/discovery-spec.json").put("prefix", "Other");
        list.addObject().put("name", "ChangeQueries").put("endpointUri", base + "/metadata/specifications/changeQueries-spec.json").put("prefix", "");
        for (Profile profile : profiles.get()) {
            list.addObject().put("name", profile.name()).put("endpointUri", base + "/metadata/specifications/profiles/"
                    + URLEncoder.encode(profile.name(), StandardCharsets.UTF_8).replace("+", "%20") + "/resources-spec.json").put("prefix", "Profiles");
        }
        Responses.json(res, 200, list);
    }

    /** The data models whose XSD files are served: the core Data Standard's, when the operator passed them beside the ApiSchema. */
    private void xsdSections(ServerRequest req, ServerResponse res) {
        ArrayNode list = MessageCodec.MAPPER.createArrayNode();
        ProjectSchema core = schema.projects().getFirst();
        if (!schema.xsdFiles().isEmpty()) {
            String name = core.endpointName().toLowerCase(Locale.ROOT);
            list.addObject().put("description", "Core schema (" + core.projectName() + ") files for the data model").put("name", name)
                    .put("version", core.version()).put("files", base(req) + "/metadata/xsd/" + name + "/files");
        }
        Responses.json(res, 200, list);
    }

    private void xsdFiles(ServerRequest req, ServerResponse res) {
        Optional<String> project = xsdProject(req);
        if (project.isEmpty()) {
            Responses.problem(req, res, Problem.notFound("No XSD files of " + req.path().pathParameters().get("project") + "."));
            return;
        }
        ArrayNode list = MessageCodec.MAPPER.createArrayNode();
        for (Path file : schema.xsdFiles()) {
            list.add(base(req) + "/metadata/xsd/" + project.get() + "/" + file.getFileName());
        }
        Responses.json(res, 200, list);
    }

    /** One XSD file by its name, as the operator gave it; nothing else on disk is reachable. */
    private void xsdFile(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        Optional<Path> file = xsdProject(req).flatMap(p -> schema.xsdFiles().stream()
                .filter(f -> f.getFileName().toString().equals(name)).findFirst());
        if (file.isEmpty()) {
            Responses.problem(req, res, Problem.notFound("No XSD file " + name + "."));
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the XSD file " + file.get(), e);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/xml");
        res.send(content);
    }

    /** The project a request's {@code {project}} names, when its XSD files are served. */
    private Optional<String> xsdProject(ServerRequest req) {
        String project = req.path().pathParameters().get("project");
        String core = schema.projects().getFirst().endpointName();
        return !schema.xsdFiles().isEmpty() && project.equalsIgnoreCase(core) ? Optional.of(core.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** A profile's own OpenAPI document, built when asked: profiles come and go while the node runs. */
    private void profile(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Optional<Profile> profile = profiles.get().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
        if (profile.isEmpty()) {
            Responses.problem(req, res, Problem.notFound("No profile " + name + "."));
            return;
        }
        Responses.json(res, 200, OpenApiDocuments.profile(schema, profile.get()));
    }

    /** The load order: each resource with its order, lowest first, and the operations a loader uses on it. */
    private static ArrayNode dependencies(DependencyOrder order) {
        ArrayNode list = MessageCodec.MAPPER.createArrayNode();
        for (DependencyOrder.Entry entry : order.entries()) {
            ObjectNode item = list.addObject();
            item.put("resource", "/" + entry.resource().projectEndpoint() + "/" + entry.resource().endpointName());
            item.put("order", entry.order());
            item.putArray("operations").add("Create").add("Update");
        }
        return list;
    }

    /** The scheme, host and instance prefix the request came through: links stay under the prefix. */
    private static String base(ServerRequest req) {
        return origin(req) + RequestContext.of(req).route().prefix();
    }

    private static String origin(ServerRequest req) {
        return "http://" + req.headers().first(HeaderNames.HOST).orElse("localhost");
    }

}
