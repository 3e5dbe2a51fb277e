-- Change queries (docs/change-queries.md): what /deletes and /keyChanges answer, and the index the
-- change version window of a GET-many reads by.

-- A resource's documents changed within a window of change versions, without reading the others.
CREATE INDEX document_by_change_version ON document (project, resource, change_version);

-- A delete keeps the document as it was (its key values as written, its namespaces) and its creator's
-- ownership token, so that /deletes tells the key as the client wrote it and the read strategies apply
-- to it as to the live document. Null for the deletes recorded before this version.
ALTER TABLE tracked_delete ADD COLUMN edfi_doc jsonb;
ALTER TABLE tracked_delete ADD COLUMN created_by_ownership_token text;
-- And what relationship-based strategies look at (store version 5's columns of the document, as they were).
ALTER TABLE tracked_delete ADD COLUMN education_organization_ids bigint[];
ALTER TABLE tracked_delete ADD COLUMN people text[];
-- The change version at which a document with the same natural key came back (re-created, or another
-- document's key changed to it): /deletes no longer tells such a delete, as the ODS/API hides it.
ALTER TABLE tracked_delete ADD COLUMN recreated_at bigint;
CREATE INDEX tracked_delete_by_resource ON tracked_delete (project, resource, change_version);
CREATE INDEX tracked_delete_by_key ON tracked_delete (referential_id);

-- Every change of a document's natural key (an update of the key, or a cascade's rewrite of one that
-- references a changed key), as the integrity processor committed it, recorded by the sink in the
-- transaction that writes the document: the key before and after, by identity path; the document
-- after, and its education organizations and people, for the read strategies.
CREATE TABLE key_change (
    change_version              bigint PRIMARY KEY,
    document_id                 uuid NOT NULL,
    project                     text NOT NULL,
    resource                    text NOT NULL,
    old_key_values              jsonb NOT NULL,
    new_key_values              jsonb NOT NULL,
    edfi_doc                    jsonb NOT NULL,
    created_by_ownership_token  text,
    education_organization_ids  bigint[],
    people                      text[],
    changed_at                  timestamptz NOT NULL
);
CREATE INDEX key_change_by_resource ON key_change (project, resource, change_version);
