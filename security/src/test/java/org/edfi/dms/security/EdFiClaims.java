package org.edfi.dms.security;

import java.nio.file.Path;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/** The Ed-Fi files the tests read where they are, beside the repository (system property edfi.dir, set by the build). */
final class EdFiClaims {

    static final Path DIR = Path.of(System.getProperty("edfi.dir", "../../shared/edfi"));
    static final Path CLAIMS = DIR.resolve("dms-metadata/claims/Claims.json");
    static final Path SCHEMA = DIR.resolve("dms-metadata/claims/JsonSchemaForClaims.json");

    private static ClaimSets claimSets;
    private static ApiSchema apiSchema;

    private EdFiClaims() {}

    /** The Ed-Fi claim sets of Claims.json, with this project's full-access and admin. */
    static synchronized ClaimSets claimSets() {
        if (claimSets == null) {
            claimSets = ClaimsFile.load(CLAIMS, SCHEMA);
        }
        return claimSets;
    }

    /** The Data Standard 5.0 ApiSchema. */
    static synchronized ApiSchema dataStandard() {
        if (apiSchema == null) {
            try {
                apiSchema = ApiSchemaLoader.load(DIR.resolve("ds-5.0/ApiSchema.json"));
            } catch (SchemaLoadException e) {
                throw new IllegalStateException(e);
            }
        }
        return apiSchema;
    }
}
