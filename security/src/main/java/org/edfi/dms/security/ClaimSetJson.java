package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.MessageCodec;

/**
 * The Ed-Fi claim-set export and import format (as the Ed-Fi DMS Configuration Service writes it):
 * <pre>
 * {"claimSetName": "SISVendor",
 *  "resourceClaims": [{"name": "people", "claimName": "http://ed-fi.org/identity/claims/domains/people",
 *                      "actions": [{"name": "Read", "enabled": true}],
 *                      "_defaultAuthorizationStrategies": [{"actionName": "Read", "authorizationStrategies": [{"authStrategyName": "..."}]}],
 *                      "authorizationStrategyOverrides": [{"actionName": "Read", "authorizationStrategies": [{"authStrategyName": "..."}]}]}]}
 * </pre>
 * An export lists the claims the claim set is given something on, with the claims' defaults for
 * information ({@code _}-prefixed, and {@code name}, {@code parentClaimName}: ignored on import).
 */
final class ClaimSetJson {

    private static final Set<String> CLAIM_FIELDS = Set.of("name", "claimName", "parentClaimName", "actions", "authorizationStrategyOverrides");

    private ClaimSetJson() {}

    /** The export of {@code definition}, the hierarchy giving the parents and defaults. */
    static ObjectNode export(ClaimSetDefinition definition, ClaimSets claimSets) {
        return write(definition, Optional.of(claimSets));
    }

    /** {@code definition} as an import reads it: the grants alone. */
    static ObjectNode importable(ClaimSetDefinition definition) {
        return write(definition, Optional.empty());
    }

    private static ObjectNode write(ClaimSetDefinition definition, Optional<ClaimSets> hierarchy) {
        ObjectNode root = MessageCodec.MAPPER.createObjectNode().put("claimSetName", definition.name());
        ArrayNode resourceClaims = root.putArray("resourceClaims");
        definition.grants().forEach((claimName, actions) -> {
            ObjectNode claim = resourceClaims.addObject().put("name", claimName.substring(claimName.lastIndexOf('/') + 1)).put("claimName", claimName);
            Optional<ClaimSets.ResourceClaim> node = hierarchy.flatMap(claims -> claims.claim(claimName));
            node.map(ClaimSets.ResourceClaim::parent).ifPresent(parent -> claim.put("parentClaimName", parent.name()));
            ArrayNode enabled = claim.putArray("actions");
            actions.keySet().forEach(action -> enabled.addObject().put("name", action.edFiName()).put("enabled", true));
            if (hierarchy.isPresent()) {
                strategiesByAction(claim.putArray("_defaultAuthorizationStrategies"), node.map(ClaimSets.ResourceClaim::defaults).orElse(Map.of()));
            }
            strategiesByAction(claim.putArray("authorizationStrategyOverrides"), actions);
        });
        return root;
    }

    private static void strategiesByAction(ArrayNode list, Map<Action, List<AuthorizationStrategy>> byAction) {
        byAction.forEach((action, strategies) -> {
            if (!strategies.isEmpty()) {
                ArrayNode names = list.addObject().put("actionName", action.edFiName()).putArray("authorizationStrategies");
                strategies.forEach(strategy -> names.addObject().put("authStrategyName", strategy.edFiName()));
            }
        });
    }

    /** Reads an import; every fault is an {@link InvalidRegistrationException} naming its JSON path. */
    static ClaimSetDefinition read(byte[] body) {
        JsonNode root = ClientAdminJson.object(body);
        for (String field : iterable(root.fieldNames())) {
            if (!field.equals("claimSetName") && !field.equals("resourceClaims") && !field.startsWith("_") && !field.equals("id")) {
                throw new InvalidRegistrationException("$." + field, "unknown field; the fields are claimSetName, resourceClaims");
            }
        }
        String name = RegistrationRules.claimSetName(root.path("claimSetName").isTextual() ? root.get("claimSetName").asText() : null);
        JsonNode claims = root.path("resourceClaims");
        if (!claims.isArray()) {
            throw new InvalidRegistrationException("$.resourceClaims", "resourceClaims is an array of the claims the claim set is given actions on");
        }
        Map<String, Map<Action, List<AuthorizationStrategy>>> grants = new LinkedHashMap<>();
        for (int i = 0; i < claims.size(); i++) {
            String path = "$.resourceClaims[" + i + "]";
            JsonNode claim = claims.get(i);
            if (!claim.isObject()) {
                throw new InvalidRegistrationException(path, "a resource claim is an object with claimName and actions");
            }
            for (String field : iterable(claim.fieldNames())) {
                if (!CLAIM_FIELDS.contains(field) && !field.startsWith("_")) {
                    throw new InvalidRegistrationException(path + "." + field,
                            "unknown field; the fields are claimName, actions, authorizationStrategyOverrides");
                }
            }
            if (!claim.path("claimName").isTextual() || claim.get("claimName").asText().isBlank()) {
                throw new InvalidRegistrationException(path + ".claimName", "claimName is required: the full name of a resource claim");
            }
            Map<Action, List<AuthorizationStrategy>> actions = new EnumMap<>(Action.class);
            JsonNode given = claim.path("actions");
            for (int j = 0; j < given.size(); j++) {
                JsonNode action = given.get(j);
                if (action.path("enabled").asBoolean(true)) {
                    actions.put(action(action.path("name"), path + ".actions[" + j + "].name"), List.of());
                }
            }
            JsonNode overrides = claim.path("authorizationStrategyOverrides");
            for (int j = 0; j < overrides.size(); j++) {
                String at = path + ".authorizationStrategyOverrides[" + j + "]";
                Action action = action(overrides.get(j).path("actionName"), at + ".actionName");
                if (!actions.containsKey(action)) {
                    throw new InvalidRegistrationException(at + ".actionName", "an override of an action not enabled on this claim");
                }
                List<AuthorizationStrategy> strategies = new ArrayList<>();
                JsonNode names = overrides.get(j).path("authorizationStrategies");
                for (int k = 0; k < names.size(); k++) {
                    String strategy = names.get(k).path("authStrategyName").asText();
                    int index = k;
                    strategies.add(AuthorizationStrategy.byEdFiName(strategy).orElseThrow(() -> new InvalidRegistrationException(
                            at + ".authorizationStrategies[" + index + "].authStrategyName", "unknown authorization strategy '" + strategy + "'")));
                }
                actions.put(action, strategies);
            }
            if (grants.put(claim.get("claimName").asText(), actions) != null) {
                throw new InvalidRegistrationException(path + ".claimName", "the claim " + claim.get("claimName").asText() + " is given twice");
            }
        }
        return new ClaimSetDefinition(name, grants);
    }

    private static Action action(JsonNode name, String path) {
        return Action.byEdFiName(name.asText()).orElseThrow(() -> new InvalidRegistrationException(path,
                "unknown action '" + name.asText() + "'; the actions are Create, Read, Update, Delete, ReadChanges"));
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
