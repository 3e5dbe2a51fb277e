package org.edfi.dms.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClaimsFile;

/**
 * The Ed-Fi Claims.json with claim sets added for tests, each given every action on every top-level
 * claim of the hierarchy (so on every resource) with an override: {@code Relationships}
 * (RelationshipsWithEdOrgsAndPeople), {@code EdOrgsOnly} (RelationshipsWithEdOrgsOnly),
 * {@code StudentsOnly} (RelationshipsWithStudentsOnly), {@code Ownership} (OwnershipBased) and
 * {@code Namespaced} (NamespaceBased). A
 * test sees its strategy on every resource, beside the Ed-Fi claim sets as the file has them.
 */
final class TestClaims {

    static final String RELATIONSHIPS = "Relationships";
    static final String ED_ORGS_ONLY = "EdOrgsOnly";
    static final String STUDENTS_ONLY = "StudentsOnly";
    static final String OWNERSHIP = "Ownership";
    static final String NAMESPACED = "Namespaced";
    private static final Map<String, String> STRATEGIES = Map.of(RELATIONSHIPS, "RelationshipsWithEdOrgsAndPeople",
            ED_ORGS_ONLY, "RelationshipsWithEdOrgsOnly", STUDENTS_ONLY, "RelationshipsWithStudentsOnly", OWNERSHIP, "OwnershipBased",
            NAMESPACED, "NamespaceBased");
    private static final String[] ACTIONS = {"Create", "Read", "Update", "Delete", "ReadChanges"};

    private TestClaims() {}

    static ClaimSets withTestClaimSets(Path dir) throws IOException {
        ObjectNode root = (ObjectNode) MessageCodec.MAPPER.readTree(TestApi.CLAIMS.resolve("Claims.json").toFile());
        ArrayNode sets = (ArrayNode) root.get("claimSets");
        STRATEGIES.keySet().forEach(claimSet -> sets.addObject().put("claimSetName", claimSet).put("isSystemReserved", false));
        for (JsonNode topLevel : root.get("claimsHierarchy")) {
            ArrayNode grants = topLevel.has("claimSets") ? (ArrayNode) topLevel.get("claimSets") : ((ObjectNode) topLevel).putArray("claimSets");
            STRATEGIES.forEach((claimSet, strategy) -> grant(grants, claimSet, strategy));
        }
        Path file = dir.resolve("test-claims.json");
        Files.write(file, MessageCodec.MAPPER.writeValueAsBytes(root));
        return ClaimsFile.load(file, TestApi.CLAIMS.resolve("JsonSchemaForClaims.json"));
    }

    private static void grant(ArrayNode grants, String claimSet, String strategy) {
        ArrayNode actions = grants.addObject().put("name", claimSet).putArray("actions");
        for (String action : ACTIONS) {
            actions.addObject().put("name", action).putArray("authorizationStrategyOverrides").addObject().put("name", strategy);
        }
    }
}
