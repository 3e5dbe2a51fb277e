package org.edfi.dms.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What {@code POST /oauth/token_info} says of a token (RFC 7662 2.2, with the members the Ed-Fi DMS
 * gives): for a valid token, {@code "active": true}, its client, namespace prefixes, education
 * organizations, the profiles assigned to its application (looked up now, as every request does:
 * the token names its application, not its profiles), claim set, instances, times, and every
 * resource of the ApiSchema its claim set grants any action on, with those actions; for an invalid, expired or revoked token only
 * {@code {"active": false}}, which says nothing of why (RFC 7662 2.2).
 */
public final class TokenIntrospection {

    private final Supplier<ClaimSets> claimSets;
    /** The profile names assigned to the application of an ownership token (the token's {@code ownership_token}, null for none). */
    private final Function<String, List<String>> assignedProfiles;
    /** The schema's resources by path ({@code /ed-fi/students}), the order of the answer's {@code resources}. */
    private final List<ResourceSchema> resources;

    /** @param claimSets the claim sets the node decides with now, imported ones too ({@link ClaimSetCatalog}) */
    public TokenIntrospection(Supplier<ClaimSets> claimSets, ApiSchema schema) {
        this(claimSets, schema, ownershipToken -> List.of());
    }

    /** @param assignedProfiles the profiles assigned to an ownership token's application now ({@link ProfileCatalog#assignedTo(String)}) */
    public TokenIntrospection(Supplier<ClaimSets> claimSets, ApiSchema schema, Function<String, List<String>> assignedProfiles) {
        this.claimSets = claimSets;
        this.assignedProfiles = assignedProfiles;
        this.resources = schema.resources().stream().sorted(Comparator.comparing(TokenIntrospection::path)).toList();
    }

    ObjectNode answer(TokenVerification verification) {
        ObjectNode answer = MessageCodec.MAPPER.createObjectNode();
        if (!(verification instanceof TokenVerification.Valid valid)) {
            return answer.put("active", false);
        }
        TokenClaims claims = valid.claims();
        answer.put("active", true).put("client_id", claims.clientId());
        ArrayNode prefixes = answer.putArray("namespace_prefixes");
        claims.namespacePrefixes().forEach(prefixes::add);
        ArrayNode educationOrganizations = answer.putArray("education_organizations");
        claims.educationOrganizationIds().forEach(id -> educationOrganizations.addObject().put("education_organization_id", id));
        ArrayNode profiles = answer.putArray("assigned_profiles");
        assignedProfiles.apply(claims.ownershipToken()).forEach(profiles::add);
        answer.putObject("claim_set").put("name", claims.claimSet());
        ArrayNode instances = answer.putArray("instances");
        claims.instances().forEach(instance -> instances.add(TokenClaims.instanceText(instance)));
        answer.put("iat", claims.issuedAt().getEpochSecond()).put("exp", claims.expiresAt().getEpochSecond());
        ArrayNode granted = answer.putArray("resources");
        ClaimSets now = claimSets.get();
        for (ResourceSchema resource : resources) {
            Grants grants = now.grants(claims.claimSet(), resource);
            if (!grants.byAction().isEmpty()) {
                ArrayNode operations = granted.addObject().put("resource", path(resource)).putArray("operations");
                grants.byAction().keySet().stream().map(Action::edFiName).forEach(operations::add);
            }
        }
        return answer;
    }

    /** A resource as the introspection names it: {@code /ed-fi/students}. */
    private static String path(ResourceSchema resource) {
        return "/" + resource.projectEndpoint() + "/" + resource.endpointName();
    }
}
