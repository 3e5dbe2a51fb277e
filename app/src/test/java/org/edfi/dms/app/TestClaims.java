package org.edfi.dms.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClaimsFile;

/**
 * The Ed-Fi Claims.json with two claim sets added for a test, given every action on every top-level
 * claim of the hierarchy (so on every resource) with an override: {@code Relationships}
 * (RelationshipsWithEdOrgsAndPeople), {@code EdOrgsOnly} (RelationshipsWithEdOrgsOnly) and
 * {@code StudentsOnly} (RelationshipsWithStudentsOnly). A test
 * sees a relationship strategy on every resource, beside the Ed-Fi claim sets as the file has them.
 */
final class TestClaims {

    static final String RELATIONSHIPS = "Relationships";
    static final String ED_ORGS_ONLY = "EdOrgsOnly";
    static final String STUDENTS_ONLY = "StudentsOnly";
    private static final String[] ACTIONS = {"Create", "Read", "Update", "Delete", "ReadChanges"};

    private TestClaims() {}

    static ClaimSets withRelationshipClaimSets(Path dir) throws IOException {
        ObjectNode root = (ObjectNode) MessageCodec.MAPPER.readTree(TestApi.CLAIMS.resolve("Claims.json").toFile());
        ArrayNode sets = (ArrayNode) root.get("claimSets");
        sets.addObject().put("claimSetName", RELATIONSHIPS).put("isSystemReserved", false);
        sets.addObject().put("claimSetName", ED_ORGS_ONLY).put("isSystemReserved", false);
        sets.addObject().put("claimSetName", STUDENTS_ONLY).put("isSystemReserved", false);
        for (JsonNode topLevel : root.get("claimsHierarchy")) {
            ArrayNode grants = topLevel.has("claimSets") ? (ArrayNode) topLevel.get("claimSets") : ((ObjectNode) topLevel).putArray("claimSets");
            grant(grants, RELATIONSHIPS, "RelationshipsWithEdOrgsAndPeople");
            grant(grants, ED_ORGS_ONLY, "RelationshipsWithEdOrgsOnly");
            grant(grants, STUDENTS_ONLY, "RelationshipsWithStudentsOnly");
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
