package org.edfi.dms.app;

import java.nio.file.Path;

/** Where things are by default, relative to the project directory that bin/dms passes as {@code dms.home}. */
final class DefaultPaths {

    private DefaultPaths() {}

    static Path home() {
        String home = System.getProperty("dms.home");
        return Path.of(home == null ? "" : home).toAbsolutePath().normalize();
    }

    /** The Ed-Fi Data Standard 5.0 ApiSchema, kept beside the repository in shared/edfi. */
    static Path dataStandardSchema(Path home) {
        return home.resolve("../shared/edfi/ds-5.0/ApiSchema.json").normalize();
    }

    /** The Ed-Fi security metadata (claim sets and resource claims) of the Ed-Fi DMS, beside the repository in shared/edfi. */
    static Path claims(Path home) {
        return home.resolve("../shared/edfi/dms-metadata/claims/Claims.json").normalize();
    }

    /** The JSON Schema of {@link #claims}, beside it. */
    static Path claimsSchema(Path home) {
        return home.resolve("../shared/edfi/dms-metadata/claims/JsonSchemaForClaims.json").normalize();
    }
}
