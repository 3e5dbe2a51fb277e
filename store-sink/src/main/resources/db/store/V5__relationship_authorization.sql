-- Relationship-based authorization of reads (docs/security.md), kept by the store-sink from each
-- document in the transaction that writes it, so that the query-api filters by index instead of
-- searching documents: what each document carries, who is enrolled where, which organization is
-- under which. Null arrays are rows written before this version, until the sink has derived them
-- (at its start); a null reaches nobody.

-- The education organization ids a document carries (its own, its references'), and its people as
-- "<kind>:<unique id>" (Student:604822): its own unique id, its references'.
ALTER TABLE document ADD COLUMN education_organization_ids bigint[];
ALTER TABLE document ADD COLUMN people text[];
CREATE INDEX document_by_education_organization ON document USING gin (education_organization_ids);

-- Each person an enrollment document (StudentSchoolAssociation, ...) relates to each education
-- organization it carries: a person is reached through the organizations of its enrollments.
CREATE TABLE enrollment (
    document_id                 uuid NOT NULL,
    enrollment                  text NOT NULL,
    person_kind                 text NOT NULL,
    person                      text NOT NULL,
    education_organization_id   bigint NOT NULL,
    PRIMARY KEY (document_id, person, education_organization_id)
);
CREATE INDEX enrollment_by_person ON enrollment (person) INCLUDE (education_organization_id, enrollment, person_kind);

-- The education organization hierarchy: each organization's parents (a School's LocalEducationAgency).
CREATE TABLE education_organization_parent (
    document_id                 uuid NOT NULL,
    education_organization_id   bigint NOT NULL,
    parent_id                   bigint NOT NULL,
    PRIMARY KEY (document_id, education_organization_id, parent_id)
);
CREATE INDEX education_organization_by_parent ON education_organization_parent (parent_id) INCLUDE (education_organization_id);
CREATE INDEX education_organization_to_parent ON education_organization_parent (education_organization_id) INCLUDE (parent_id);

-- People a link document ties together (a StudentContactAssociation: the contact to the student, and
-- back): a contact is reached through the enrollments of its students.
CREATE TABLE person_link (
    document_id                 uuid NOT NULL,
    person_kind                 text NOT NULL,
    person                      text NOT NULL,
    linked                      text NOT NULL,
    PRIMARY KEY (document_id, person, linked)
);
CREATE INDEX person_link_by_person ON person_link (person) INCLUDE (linked, person_kind);

-- The education organizations a client given some reaches: those, and those under them (or, upwards,
-- those above them), until nothing new is found (UNION stops at cycles). A function so that a read's
-- predicate computes it once ((SELECT ...): an InitPlan) and the planner costs it as the few index
-- probes it is, rather than as the recursive query's generic estimate, which turned a filtered
-- query into an intersection with the whole resource's index.
CREATE FUNCTION reached_education_organizations(given bigint[], upwards boolean) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE COST 10 AS $$
    WITH RECURSIVE reach(id) AS (
        SELECT unnest(given)
        UNION SELECT CASE WHEN upwards THEN p.parent_id ELSE p.education_organization_id END
              FROM education_organization_parent p JOIN reach ON reach.id = CASE WHEN upwards THEN p.education_organization_id ELSE p.parent_id END)
    SELECT COALESCE(array_agg(id), '{}') FROM reach
$$;
