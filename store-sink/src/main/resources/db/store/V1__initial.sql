-- The store of one instance: the tables of its schema (Flyway creates the schema and puts it first on
-- the search path). Written only by the store-sink; read by the query-api.
-- Version 1 is the script of the hand-written migrations, as it was (hence IF NOT EXISTS): a store
-- they made is adopted at this version without running it (see SchemaMigration).

CREATE TABLE IF NOT EXISTS schema_version (
    version     int PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per live document, at its latest change version. document_seq orders documents by
-- creation, which updates do not change, so paging is stable.
CREATE TABLE IF NOT EXISTS document (
    document_id     uuid PRIMARY KEY,
    document_seq    bigint GENERATED ALWAYS AS IDENTITY,
    project         text NOT NULL,
    resource        text NOT NULL,
    resource_name   text NOT NULL,
    referential_id  uuid NOT NULL,
    identity        jsonb NOT NULL,
    edfi_doc        jsonb NOT NULL,
    etag            text NOT NULL,
    last_modified   timestamptz NOT NULL,
    change_version  bigint NOT NULL
);

-- document_id is included so that a deep page is found in the index alone (see query-api DocumentReader).
CREATE INDEX IF NOT EXISTS document_by_resource ON document (project, resource, document_seq) INCLUDE (document_id);
CREATE INDEX IF NOT EXISTS document_content ON document USING gin (edfi_doc jsonb_path_ops);

-- Deleted documents, kept for change queries: what they were and when they went.
CREATE TABLE IF NOT EXISTS tracked_delete (
    change_version  bigint PRIMARY KEY,
    document_id     uuid NOT NULL,
    project         text NOT NULL,
    resource        text NOT NULL,
    resource_name   text NOT NULL,
    referential_id  uuid NOT NULL,
    identity        jsonb NOT NULL,
    deleted_at      timestamptz NOT NULL
);

-- How far the sink has applied each topic partition; written in the same transaction as the data.
CREATE TABLE IF NOT EXISTS applied_offset (
    topic           text NOT NULL,
    kafka_partition int NOT NULL,
    next_offset     bigint NOT NULL,
    change_version  bigint NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

INSERT INTO schema_version (version) VALUES (1) ON CONFLICT DO NOTHING;
