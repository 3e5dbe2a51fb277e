package org.edfi.dms.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * The JSON of the client admin API (docs/security.md): request bodies in, vendors, applications,
 * clients and keys out. Requests are read strictly: an unknown field is refused, so that a misspelt
 * {@code claimset} is not silently ignored.
 */
final class ClientAdminJson {

    /** The path of a problem with the body as a whole. */
    static final String BODY = "$";

    private static final List<String> VENDOR_FIELDS = List.of("name", "namespacePrefixes");
    private static final List<String> APPLICATION_FIELDS = List.of("vendor", "name", "claimSet", "educationOrganizationIds", "profiles");
    private static final List<String> CLIENT_FIELDS = List.of("vendor", "application", "instances");

    private ClientAdminJson() {}

    static NewVendor newVendor(byte[] body) {
        ObjectNode json = object(body, VENDOR_FIELDS);
        return new NewVendor(requiredText(json, "name"), texts(json, "namespacePrefixes"));
    }

    /** An application to create, and the profiles to assign it (names as written; none when the body names none). */
    record ApplicationRequest(NewApplication application, List<String> profiles) {}

    static ApplicationRequest applicationRequest(byte[] body) {
        ObjectNode json = object(body, APPLICATION_FIELDS);
        return new ApplicationRequest(newApplication(json), texts(json, "profiles"));
    }

    /** {@code {"profiles": ["Student-Exclude-BirthDate"]}}: an application's new profiles. */
    static List<String> profiles(byte[] body) {
        return texts(object(body, List.of("profiles")), "profiles");
    }

    static NewApplication newApplication(byte[] body) {
        return newApplication(object(body, APPLICATION_FIELDS));
    }

    private static NewApplication newApplication(ObjectNode json) {
        List<Long> ids = new ArrayList<>();
        JsonNode array = optionalArray(json, "educationOrganizationIds");
        for (int i = 0; i < array.size(); i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new InvalidRegistrationException("$.educationOrganizationIds[" + i + "]", "an education organization id is a whole number");
            }
            ids.add(id.asLong());
        }
        return new NewApplication(requiredText(json, "vendor"), requiredText(json, "name"), requiredText(json, "claimSet"), ids);
    }

    static NewClient newClient(byte[] body) {
        ObjectNode json = object(body, CLIENT_FIELDS);
        List<String> texts = texts(json, "instances");
        List<InstanceId> instances = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            instances.add(RegistrationRules.instance(texts.get(i), "$.instances[" + i + "]"));
        }
        return new NewClient(requiredText(json, "vendor"), requiredText(json, "application"), instances);
    }

    /** {@code {"originalName": "SISVendor", "name": "District SIS"}}: a claim set to copy under a new name. */
    record Copy(String originalName, String name) {}

    static Copy copy(byte[] body) {
        ObjectNode json = object(body, List.of("originalName", "name"));
        return new Copy(requiredText(json, "originalName"), requiredText(json, "name"));
    }

    static ObjectNode claimSet(ClaimSets.ClaimSet claimSet) {
        return MessageCodec.MAPPER.createObjectNode()
                .put("name", claimSet.name())
                .put("isSystemReserved", claimSet.systemReserved())
                .put("source", source(claimSet.source()))
                .put("admin", claimSet.admin());
    }

    /** An export with the claim set's place: {@code _isSystemReserved}, {@code _source} (ignored by an import). */
    static ObjectNode withSource(ObjectNode export, ClaimSets.ClaimSet claimSet) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode().put("claimSetName", claimSet.name())
                .put("_isSystemReserved", claimSet.systemReserved()).put("_source", source(claimSet.source()));
        json.set("resourceClaims", export.get("resourceClaims"));
        return json;
    }

    private static String source(ClaimSets.Source source) {
        return switch (source) {
            case PROJECT -> "project";
            case CLAIMS_FILE -> "claims-file";
            case IMPORTED -> "imported";
        };
    }

    static ObjectNode vendor(Vendor vendor) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode().put("name", vendor.name());
        ArrayNode prefixes = json.putArray("namespacePrefixes");
        vendor.namespacePrefixes().forEach(prefixes::add);
        return json.put("createdAt", vendor.createdAt().toString());
    }

    /** An application with its assigned profiles. */
    static ObjectNode application(Application application, List<String> profiles) {
        ObjectNode json = application(application);
        ArrayNode names = MessageCodec.MAPPER.createArrayNode();
        profiles.forEach(names::add);
        json.set("profiles", names);
        return json;
    }

    /** A profile: its name, what it covers, the applications assigned it and, in full, its definition. */
    static ObjectNode profile(Profile profile, List<String> applications, boolean withDefinition) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode().put("name", profile.name());
        ArrayNode resources = json.putArray("resources");
        for (ResourceProfile resource : profile.resources().values()) {
            resources.addObject().put("resource", resource.resource().projectEndpoint() + "/" + resource.resource().endpointName())
                    .put("readable", resource.readable().isPresent()).put("writable", resource.writable().isPresent());
        }
        ArrayNode assigned = json.putArray("applications");
        applications.forEach(assigned::add);
        if (withDefinition) {
            json.put("definition", profile.definition().xml());
        }
        return json;
    }

    static ObjectNode application(Application application) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode()
                .put("id", application.id())
                .put("vendor", application.vendor())
                .put("name", application.name())
                .put("claimSet", application.claimSet());
        ArrayNode ids = json.putArray("educationOrganizationIds");
        application.educationOrganizationIds().forEach(ids::add);
        return json.put("createdAt", application.createdAt().toString());
    }

    static ObjectNode client(ApiClient client) {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode()
                .put("clientId", client.clientId())
                .put("vendor", client.vendor())
                .put("application", client.application())
                .put("applicationId", client.applicationId());
        ArrayNode instances = json.putArray("instances");
        client.instances().forEach(i -> instances.add(TokenClaims.instanceText(i)));
        return json.put("active", client.active())
                .put("createdAt", client.createdAt().toString());
    }

    /** A client with its secret: the answer of a create or a reset, the one time the secret is shown. */
    static ObjectNode credentials(IssuedCredentials credentials) {
        return client(credentials.client()).put("clientSecret", credentials.clientSecret());
    }

    static ObjectNode keys(SigningKeys keys) {
        List<SigningKey> live = keys.keys();
        ObjectNode json = MessageCodec.MAPPER.createObjectNode().put("signingKey", live.isEmpty() ? null : live.getFirst().kid());
        ArrayNode array = json.putArray("keys");
        for (SigningKey key : live) {
            ObjectNode item = array.addObject().put("kid", key.kid()).put("createdAt", key.createdAt().toString());
            key.retireAfter().ifPresent(r -> item.put("retireAfter", r.toString()));
        }
        return json;
    }

    static <T> ArrayNode list(List<T> values, Function<T, ObjectNode> render) {
        ArrayNode array = MessageCodec.MAPPER.createArrayNode();
        values.forEach(value -> array.add(render.apply(value)));
        return array;
    }

    private static ObjectNode object(byte[] body, List<String> fields) {
        ObjectNode json = object(body);
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (!fields.contains(field.getKey())) {
                throw new InvalidRegistrationException("$." + field.getKey(), "unknown field; the fields are " + String.join(", ", fields));
            }
        }
        return json;
    }

    /** The body as a JSON object, whatever its fields. */
    static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            throw new InvalidRegistrationException(BODY, "a JSON object is required as the request body");
        }
        JsonNode json;
        try {
            json = MessageCodec.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRegistrationException(BODY, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRegistrationException(BODY, "the body could not be read: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRegistrationException(BODY, "a JSON object is required as the request body");
        }
        return (ObjectNode) json;
    }

    private static String requiredText(ObjectNode json, String field) {
        return optionalText(json, field).orElseThrow(() -> new InvalidRegistrationException("$." + field, field + " is required"));
    }

    private static Optional<String> optionalText(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidRegistrationException("$." + field, field + " is a string");
        }
        return Optional.of(value.asText());
    }

    /** An optional array; absent or null is empty. */
    private static JsonNode optionalArray(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return MessageCodec.MAPPER.createArrayNode();
        }
        if (!value.isArray()) {
            throw new InvalidRegistrationException("$." + field, field + " is an array");
        }
        return value;
    }

    private static List<String> texts(ObjectNode json, String field) {
        JsonNode array = optionalArray(json, field);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw new InvalidRegistrationException("$." + field + "[" + i + "]", "an item of " + field + " is a string");
            }
            texts.add(array.get(i).asText());
        }
        return texts;
    }
}
