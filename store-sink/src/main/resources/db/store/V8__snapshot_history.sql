-- Consistent snapshots (docs/paging.md#snapshots): the versions of documents that a later change
-- replaced or deleted, kept by the store-sink for its retention (sink.snapshot-retention-s), so that
-- a read as of change version V finds every document as it was at V: the live row when its change
-- version is at most V, else the kept version with change_version <= V < superseded_change_version.

-- A replaced version: the document's columns a read shows and the read strategies look at, as they
-- were, at its own change version; the change that replaced (or deleted) it, and when, by which the
-- sink prunes. document_seq is the document's, so a snapshot pages in the same creation order.
CREATE TABLE document_history (
    document_id                 uuid NOT NULL,
    change_version              bigint NOT NULL,
    superseded_change_version   bigint NOT NULL,
    superseded_at               timestamptz NOT NULL DEFAULT now(),
    document_seq                bigint NOT NULL,
    project                     text NOT NULL,
    resource                    text NOT NULL,
    edfi_doc                    jsonb NOT NULL,
    etag                        text NOT NULL,
    last_modified               timestamptz NOT NULL,
    created_by_ownership_token  text,
    education_organization_ids  bigint[],
    people                      text[],
    -- GET by id as of a snapshot, and a redelivered change keeps a version once.
    PRIMARY KEY (document_id, change_version)
);
-- A snapshot's pages and partitions: ranges of creation order, as the document table's.
CREATE INDEX document_history_by_resource ON document_history (project, resource, document_seq);
-- Pruning by age: rows arrive in superseded_at order, which a BRIN index summarizes for almost nothing per write.
CREATE INDEX document_history_by_age ON document_history USING brin (superseded_at);

-- The oldest change version a snapshot can be read at: history is complete for every later one.
-- Null while the sink keeps no history (retention 0, or a store no sink with retention has run on);
-- raised by the sink when it prunes, to the newest change version whose replaced rows it removed.
CREATE TABLE snapshot_horizon (
    single                      boolean PRIMARY KEY DEFAULT true CHECK (single),
    oldest_change_version       bigint,
    retention                   interval
);
INSERT INTO snapshot_horizon (single) VALUES (true);
