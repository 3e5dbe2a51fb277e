-- Ed-Fi API profiles (docs/profiles.md): definitions imported through the admin API (dms profile
-- import), each kept as the XML it came as, and the profiles assigned to each application. Every API
-- and processor node reads them again every few seconds (ProfileCatalog). Nodes of the previous
-- release do not read these tables, so they keep working during an upgrade.
CREATE TABLE dms_security.profile (
    name         text PRIMARY KEY,
    definition   text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);
-- Media types carry profile names in lower case: a name is unique whatever its case.
CREATE UNIQUE INDEX profile_name_lower ON dms_security.profile (lower(name));

-- A profile assigned to an application cannot be deleted (RESTRICT); an application's rows go with it.
CREATE TABLE dms_security.application_profile (
    application  bigint NOT NULL REFERENCES dms_security.application (id) ON DELETE CASCADE,
    profile      text NOT NULL REFERENCES dms_security.profile (name) ON DELETE RESTRICT,
    PRIMARY KEY (application, profile)
);
