-- Relationship-based reads (docs/store.md, "Plans"; docs/benchmarks.md, issue 18).

-- The reach as PL/pgSQL: PostgreSQL plans a LANGUAGE sql function that it cannot inline again at
-- every call (about 1.1 ms of planning and 1.3 ms in all per statement on the benchmark's data),
-- where PL/pgSQL keeps its statement's plan for the session (about 0.3 ms a call). Same contract.
CREATE OR REPLACE FUNCTION reached_education_organizations(given bigint[], upwards boolean) RETURNS bigint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE COST 10 AS $$
DECLARE
    reached bigint[];
BEGIN
    WITH RECURSIVE reach(id) AS (
        SELECT unnest(given)
        UNION SELECT CASE WHEN upwards THEN p.parent_id ELSE p.education_organization_id END
              FROM education_organization_parent p JOIN reach ON reach.id = CASE WHEN upwards THEN p.education_organization_id ELSE p.parent_id END)
    SELECT COALESCE(array_agg(id), '{}') INTO reached FROM reach;
    RETURN reached;
END
$$;

-- The sink's start-up derivation of a store from before version 5 finds the documents without
-- their relationship rows by this index, which is empty once they are derived, instead of
-- scanning every document at each start.
CREATE INDEX document_underived ON document (document_seq) WHERE education_organization_ids IS NULL;
