-- The creator ownership token of each document (OwnershipBased authorization): the token of the
-- client whose write created it, stamped by the integrity processor and never changed by later
-- writes; the query-api reads only the rows of the caller's token under that strategy. Null for
-- documents created before tokens, or by a writer without one: under OwnershipBased nobody reads those.
-- Not indexed: reads filter on it within a resource's rows (see docs/store.md).
ALTER TABLE document ADD COLUMN created_by_ownership_token text;
