package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.MessageCodec;

/**
 * The claims of an access token (docs/security.md). In the JWT: {@code iss} ({@value #ISSUER}),
 * {@code sub} and {@code client_id} (the client id), {@code jti}, {@code iat} and {@code exp} (epoch
 * seconds), {@code claim_set}, {@code instances} ({@code "tenant/instance"} strings),
 * {@code namespace_prefixes} and {@code education_organization_ids}.
 */
public record TokenClaims(
        String clientId,
        String claimSet,
        List<InstanceId> instances,
        List<String> namespacePrefixes,
        List<Long> educationOrganizationIds,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId) {

    /** The {@code iss} of every token this service issues, and the only one it accepts. */
    public static final String ISSUER = "edfi-dms";

    public TokenClaims {
        instances = List.copyOf(instances);
        namespacePrefixes = List.copyOf(namespacePrefixes);
        educationOrganizationIds = List.copyOf(educationOrganizationIds);
    }

    /** New claims for a grant, from now (whole seconds, as the token carries them) for {@code lifetime}. */
    public static TokenClaims issue(Grant grant, Instant now, Duration lifetime) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        return new TokenClaims(grant.clientId(), grant.claimSet(), grant.instances(), grant.namespacePrefixes(),
                grant.educationOrganizationIds(), issued, issued.plus(lifetime), UUID.randomUUID().toString());
    }

    /** Whether the token reaches this instance's data. */
    public boolean reaches(InstanceId instance) {
        return instances.contains(instance);
    }

    /** An instance as tokens and the admin API write it: {@code tenant/instance}. */
    static String instanceText(InstanceId id) {
        return id.tenant() + "/" + id.instance();
    }

    /** @throws IllegalArgumentException the text is not {@code tenant/instance} with valid names */
    static InstanceId instance(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("an instance is written tenant/instance, e.g. district-a/255901-2024: " + text);
        }
        return new InstanceId(text.substring(0, slash), text.substring(slash + 1));
    }

    ObjectNode toJson() {
        ObjectNode json = MessageCodec.MAPPER.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", clientId)
                .put("client_id", clientId)
                .put("jti", tokenId)
                .put("iat", issuedAt.getEpochSecond())
                .put("exp", expiresAt.getEpochSecond())
                .put("claim_set", claimSet);
        ArrayNode instanceArray = json.putArray("instances");
        instances.forEach(i -> instanceArray.add(instanceText(i)));
        ArrayNode prefixes = json.putArray("namespace_prefixes");
        namespacePrefixes.forEach(prefixes::add);
        ArrayNode edorgs = json.putArray("education_organization_ids");
        educationOrganizationIds.forEach(edorgs::add);
        return json;
    }

    /**
     * The claims of a verified token's payload (signature, issuer and times are checked by the caller).
     *
     * @throws IllegalArgumentException a claim is missing or of the wrong type, saying which
     */
    static TokenClaims fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the payload is not a JSON object");
        }
        List<InstanceId> instances = new ArrayList<>();
        for (JsonNode value : array(json, "instances")) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException("instances holds strings");
            }
            instances.add(instance(value.asText()));
        }
        List<String> prefixes = new ArrayList<>();
        for (JsonNode value : array(json, "namespace_prefixes")) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException("namespace_prefixes holds strings");
            }
            prefixes.add(value.asText());
        }
        List<Long> edorgs = new ArrayList<>();
        for (JsonNode value : array(json, "education_organization_ids")) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new IllegalArgumentException("education_organization_ids holds whole numbers");
            }
            edorgs.add(value.asLong());
        }
        String subject = text(json, "sub");
        String clientId = text(json, "client_id");
        if (!subject.equals(clientId)) {
            throw new IllegalArgumentException("sub and client_id differ");
        }
        return new TokenClaims(clientId, text(json, "claim_set"), instances, prefixes, edorgs,
                Instant.ofEpochSecond(seconds(json, "iat")), Instant.ofEpochSecond(seconds(json, "exp")), text(json, "jti"));
    }

    static String text(JsonNode json, String claim) {
        JsonNode value = json.get(claim);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not a string");
        }
        return value.asText();
    }

    static long seconds(JsonNode json, String claim) {
        JsonNode value = json.get(claim);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not a whole number of seconds");
        }
        return value.asLong();
    }

    private static JsonNode array(JsonNode json, String claim) {
        JsonNode value = json.get(claim);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("the claim " + claim + " is missing or not an array");
        }
        return value;
    }
}
