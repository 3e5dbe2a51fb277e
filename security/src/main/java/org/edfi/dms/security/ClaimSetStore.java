package org.edfi.dms.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.edfi.dms.contracts.MessageCodec;
import org.jdbi.v3.core.Jdbi;

/**
 * The table {@code dms_security.claim_set}: the claim sets imported through the admin API, each in
 * the Ed-Fi import format (its claims' defaults left out: the hierarchy has them), shared by every API node.
 */
public final class ClaimSetStore {

    private final Jdbi jdbi;

    public ClaimSetStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every imported claim set, by name. */
    List<ClaimSetDefinition> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT definition::text FROM dms_security.claim_set ORDER BY name")
                .mapTo(String.class)
                .map(json -> ClaimSetJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .list());
    }

    /** Stores {@code definition}, replacing one of its name; true when it is new. */
    boolean save(ClaimSetDefinition definition) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO dms_security.claim_set (name, definition) VALUES (:name, CAST(:definition AS jsonb))
                        ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition, imported_at = now()
                        RETURNING (xmax = 0)""")
                .bind("name", definition.name())
                .bind("definition", MessageCodec.encodeToString(ClaimSetJson.importable(definition)))
                .mapTo(Boolean.class)
                .one());
    }

    /** True when it existed. */
    boolean delete(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM dms_security.claim_set WHERE name = :name").bind("name", name).execute()) > 0;
    }

    /** The names of the applications given {@code claimSet}, as {@code vendor/application}. */
    List<String> applicationsOf(String claimSet) {
        return jdbi.withHandle(h -> h.createQuery("SELECT vendor || '/' || name FROM dms_security.application WHERE claim_set = :claimSet ORDER BY 1")
                .bind("claimSet", claimSet)
                .mapTo(String.class)
                .list());
    }
}
