-- OAuth2 client credentials: the keys that sign access tokens, and the vendors, applications and
-- API clients that may ask for one. In the configuration database beside dms_config, in a schema of
-- its own; written only through SigningKeyStore and ClientRegistry.
-- Version 1 is the script of the hand-written migrations (hence IF NOT EXISTS), less the schema's
-- creation, which Flyway does: a store they made is adopted at this version without running it
-- (see SchemaMigration).

CREATE TABLE IF NOT EXISTS dms_security.schema_version (
    version     int PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- RSA key pairs. The newest signs; every key whose retire_after is unset or still ahead verifies and
-- is published in the JWKS. A rotation sets retire_after on the older keys to when the last token
-- they signed has expired; rows past it are deleted by the next rotation.
CREATE TABLE IF NOT EXISTS dms_security.signing_key (
    kid           text PRIMARY KEY,
    private_key   text NOT NULL,         -- PKCS#8, base64
    public_key    text NOT NULL,         -- X.509 SubjectPublicKeyInfo, base64
    created_at    timestamptz NOT NULL,
    retire_after  timestamptz
);

CREATE TABLE IF NOT EXISTS dms_security.vendor (
    name                text PRIMARY KEY,
    namespace_prefixes  text[] NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS dms_security.application (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vendor                      text NOT NULL REFERENCES dms_security.vendor (name),
    name                        text NOT NULL,
    claim_set                   text NOT NULL,
    education_organization_ids  bigint[] NOT NULL,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor, name)
);

-- secret_hash: SecretHasher's self-describing PBKDF2 string. The secret itself is never stored.
-- instances: "tenant/instance" of every instance the client's tokens reach.
CREATE TABLE IF NOT EXISTS dms_security.api_client (
    client_id    text PRIMARY KEY,
    secret_hash  text NOT NULL,
    application  bigint NOT NULL REFERENCES dms_security.application (id),
    instances    text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    active       boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS api_client_application ON dms_security.api_client (application);

INSERT INTO dms_security.schema_version (version) VALUES (1) ON CONFLICT DO NOTHING;
