-- The configuration store: which tenants and datastore instances exist, where each lives and what
-- state it is in. Its own database; written only through InstanceRegistry.
-- Version 1 is the script of the hand-written migrations (hence IF NOT EXISTS), less the schema's
-- creation, which Flyway does: a store they made is adopted at this version without running it
-- (see SchemaMigration).

CREATE TABLE IF NOT EXISTS dms_config.schema_version (
    version     int PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- One row, counting changes: every mutation raises it in its own transaction, so a node learns
-- whether anything changed by reading one number. Locking this row first also puts the mutations
-- in one order, which keeps the uniqueness checks and the server placement free of races.
CREATE TABLE IF NOT EXISTS dms_config.registry_version (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint NOT NULL
);
INSERT INTO dms_config.registry_version (singleton, version) VALUES (true, 0) ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS dms_config.tenant (
    name        text PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- context: the route qualifier values ({"districtId": "255901", "schoolYear": "2024"}); jsonb
-- compares objects regardless of key order, which is what the uniqueness per tenant needs, and
-- loses that order, which context_keys keeps.
CREATE TABLE IF NOT EXISTS dms_config.instance (
    tenant        text NOT NULL REFERENCES dms_config.tenant (name),
    name          text NOT NULL,
    context       jsonb NOT NULL,
    context_keys  text[] NOT NULL,
    server        text NOT NULL,
    mode          text NOT NULL CHECK (mode IN ('database', 'schema')),
    state         text NOT NULL CHECK (state IN ('provisioning', 'ready', 'purging', 'deleting')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- the registry version of the instance's last change
    version       bigint NOT NULL,
    PRIMARY KEY (tenant, name),
    UNIQUE (tenant, context)
);

INSERT INTO dms_config.schema_version (version) VALUES (1) ON CONFLICT DO NOTHING;
