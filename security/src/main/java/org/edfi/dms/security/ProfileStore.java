package org.edfi.dms.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables {@code dms_security.profile} (each imported profile's XML) and
 * {@code dms_security.application_profile} (which application is assigned which), shared by every node.
 */
public final class ProfileStore {

    /** One stored profile: its name and the XML it was imported as. */
    record Stored(String name, String xml) {}

    private final Jdbi jdbi;

    public ProfileStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<Stored> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, definition FROM dms_security.profile ORDER BY name")
                .map((rs, ctx) -> new Stored(rs.getString("name"), rs.getString("definition"))).list());
    }

    /** The assigned profile names of every application that has any, by application id. */
    Map<Long, List<String>> assignments() {
        Map<Long, List<String>> byApplication = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT application, array_agg(profile ORDER BY profile) AS profiles FROM dms_security.application_profile GROUP BY application")
                .map((rs, ctx) -> Map.entry(rs.getLong("application"), List.of((String[]) rs.getArray("profiles").getArray())))
                .forEach(e -> byApplication.put(e.getKey(), e.getValue())));
        return byApplication;
    }

    /** Stores a profile, replacing one of its name in any case (and keeping its assignments); true when it is new. */
    boolean save(String name, String xml) {
        return jdbi.inTransaction(h -> {
            Optional<String> existing = h.createQuery("SELECT name FROM dms_security.profile WHERE lower(name) = lower(:name)")
                    .bind("name", name).mapTo(String.class).findOne();
            if (existing.isPresent()) {
                h.createUpdate("UPDATE dms_security.profile SET definition = :xml, imported_at = now() WHERE name = :name")
                        .bind("name", existing.get()).bind("xml", xml).execute();
                return false;
            }
            h.createUpdate("INSERT INTO dms_security.profile (name, definition) VALUES (:name, :xml)").bind("name", name).bind("xml", xml).execute();
            return true;
        });
    }

    /** True when it existed. */
    boolean delete(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM dms_security.profile WHERE name = :name").bind("name", name).execute()) > 0;
    }

    /** The applications assigned {@code profile}, as {@code vendor/application}. */
    List<String> applicationsOf(String profile) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.vendor || '/' || a.name FROM dms_security.application_profile p
                        JOIN dms_security.application a ON a.id = p.application WHERE p.profile = :profile ORDER BY 1""")
                .bind("profile", profile).mapTo(String.class).list());
    }

    /** Makes {@code profiles} (stored names) the application's assigned profiles. */
    void assign(long application, List<String> profiles) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM dms_security.application_profile WHERE application = :application").bind("application", application).execute();
            for (String profile : profiles) {
                h.createUpdate("INSERT INTO dms_security.application_profile (application, profile) VALUES (:application, :profile)")
                        .bind("application", application).bind("profile", profile).execute();
            }
        });
    }
}
