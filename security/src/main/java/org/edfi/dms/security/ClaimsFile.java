package org.edfi.dms.security;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.MessageCodec;

/**
 * Reads an Ed-Fi security metadata file ({@code Claims.json}: {@code claimSets} and
 * {@code claimsHierarchy}) into {@link ClaimSets}. The file is checked against its JSON Schema
 * ({@code JsonSchemaForClaims.json}), then for what the schema cannot say: the actions and
 * strategies are ones Ed-Fi defines, every claim set a claim names is declared, no claim set or
 * claim is declared twice. Every error names the file, the JSON path and what is wrong.
 */
public final class ClaimsFile {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();

    private final String source;
    private final Map<String, ClaimSets.ClaimSet> claimSets = new LinkedHashMap<>();
    private final List<ClaimSets.ResourceClaim> claims = new ArrayList<>();
    private final Map<String, Map<String, Map<Action, List<AuthorizationStrategy>>>> grants = new LinkedHashMap<>();
    private final Set<String> claimNames = new HashSet<>();

    private ClaimsFile(String source) {
        this.source = source;
    }

    /**
     * @param file the claims ({@code Claims.json})
     * @param schema its JSON Schema ({@code JsonSchemaForClaims.json})
     * @throws IllegalArgumentException either file is unreadable, or the claims break the schema or the rules above
     */
    public static ClaimSets load(Path file, Path schema) {
        ClaimsFile reader = new ClaimsFile("Claims file " + file);
        JsonNode root = reader.read(file);
        JsonNode schemaNode = new ClaimsFile("Claims JSON Schema " + schema).read(schema);
        JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode, CONFIG);
        List<ValidationMessage> failures = compiled.validate(root).stream()
                .sorted(Comparator.comparing(message -> message.getInstanceLocation().toString()))
                .toList();
        if (!failures.isEmpty()) {
            ValidationMessage first = failures.getFirst();
            throw reader.invalid(first.getInstanceLocation().toString(), first.getMessage()
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
        }
        return reader.parse(root);
    }

    private JsonNode read(Path file) {
        try {
            return MessageCodec.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String place = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(source + " is not valid JSON" + place + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
        }
    }

    private ClaimSets parse(JsonNode root) {
        JsonNode sets = root.get("claimSets");
        for (int i = 0; i < sets.size(); i++) {
            String name = sets.get(i).get("claimSetName").asText();
            if (claimSets.containsKey(name) || name.equals(ClaimSets.FULL_ACCESS) || name.equals(ClaimSets.ADMIN)) {
                throw invalid("$.claimSets[" + i + "].claimSetName", "the claim set '" + name + "' is declared twice"
                        + (claimSets.containsKey(name) ? "" : " (this project defines it)"));
            }
            claimSets.put(name, new ClaimSets.ClaimSet(name, sets.get(i).get("isSystemReserved").asBoolean(), false, ClaimSets.Source.CLAIMS_FILE));
        }
        JsonNode hierarchy = root.get("claimsHierarchy");
        for (int i = 0; i < hierarchy.size(); i++) {
            claim(hierarchy.get(i), "$.claimsHierarchy[" + i + "]", null);
        }
        return new ClaimSets(claimSets.values(), claims, grants);
    }

    private void claim(JsonNode node, String path, ClaimSets.ResourceClaim parent) {
        String name = node.get("name").asText();
        if (!claimNames.add(name)) {
            throw invalid(path + ".name", "the claim '" + name + "' appears twice in the hierarchy");
        }
        Map<Action, List<AuthorizationStrategy>> defaults = new EnumMap<>(Action.class);
        JsonNode defaultActions = node.path("defaultAuthorization").path("actions");
        for (int i = 0; i < defaultActions.size(); i++) {
            String at = path + ".defaultAuthorization.actions[" + i + "]";
            defaults.put(action(defaultActions.get(i), at), strategies(defaultActions.get(i).get("authorizationStrategies"),
                    at + ".authorizationStrategies"));
        }
        JsonNode sets = node.path("claimSets");
        for (int i = 0; i < sets.size(); i++) {
            String at = path + ".claimSets[" + i + "]";
            String claimSet = sets.get(i).get("name").asText();
            if (!claimSets.containsKey(claimSet)) {
                throw invalid(at + ".name", "the claim set '" + claimSet + "' is not declared in $.claimSets");
            }
            Map<Action, List<AuthorizationStrategy>> actions = new EnumMap<>(Action.class);
            JsonNode given = sets.get(i).get("actions");
            for (int j = 0; j < given.size(); j++) {
                actions.put(action(given.get(j), at + ".actions[" + j + "]"), strategies(given.get(j).get("authorizationStrategyOverrides"),
                        at + ".actions[" + j + "].authorizationStrategyOverrides"));
            }
            grants.computeIfAbsent(claimSet, set -> new LinkedHashMap<>()).merge(name, actions, (a, b) -> {
                a.putAll(b);
                return a;
            });
        }
        JsonNode children = node.path("claims");
        ClaimSets.ResourceClaim claim = new ClaimSets.ResourceClaim(name, parent, defaults, children.isEmpty());
        claims.add(claim);
        for (int i = 0; i < children.size(); i++) {
            claim(children.get(i), path + ".claims[" + i + "]", claim);
        }
    }

    private Action action(JsonNode node, String path) {
        String name = node.get("name").asText();
        return Action.byEdFiName(name).orElseThrow(() -> invalid(path + ".name", "unknown action '" + name + "'; the actions are "
                + Arrays.stream(Action.values()).map(Action::edFiName).collect(Collectors.joining(", "))));
    }

    /** The strategies of a list; an absent list is none. */
    private List<AuthorizationStrategy> strategies(JsonNode list, String path) {
        List<AuthorizationStrategy> strategies = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String name = list.get(i).get("name").asText();
            int index = i;
            strategies.add(AuthorizationStrategy.byEdFiName(name).orElseThrow(() -> invalid(path + "[" + index + "].name", "unknown authorization strategy '"
                    + name + "'; the strategies are " + Arrays.stream(AuthorizationStrategy.values())
                            .map(AuthorizationStrategy::edFiName).collect(Collectors.joining(", ")))));
        }
        return strategies;
    }

    private IllegalArgumentException invalid(String path, String message) {
        return new IllegalArgumentException(source + ", at " + path + ": " + message);
    }
}
