-- When each client's tokens stopped being valid: a token whose iat is before tokens_revoked_before
-- is refused on every node (RevokedClients). Written by ClientRegistry in the transaction that
-- deletes the client, resets its secret or makes it inactive. No foreign key: the row outlives a
-- deleted client, whose tokens are still to be refused until they expire; rows a day old are
-- deleted by the next revocation (ClientRevocations).
--
-- changed_by is the transaction that wrote the row. A node asks for the rows written by
-- transactions its last look could not see (changed_by >= the xmin of that look's snapshot): a
-- timestamp would miss a row whose transaction took its time before it committed, after a look
-- had already passed that time.
CREATE TABLE dms_security.client_revocation (
    client_id              text PRIMARY KEY,
    tokens_revoked_before  timestamptz NOT NULL,
    changed_by             xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX client_revocation_changed_by ON dms_security.client_revocation (changed_by);
