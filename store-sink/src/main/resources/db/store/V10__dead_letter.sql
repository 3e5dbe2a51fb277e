-- Dead letters (docs/operations.md#dead-letters): the changes of the documents topic that this store
-- refused (a data exception or a constraint violation, not a lost connection), parked by the
-- store-sink in the transaction that records its position past them, so that one change PostgreSQL
-- will not take does not halt the instance. `dms deadletter` lists, replays and discards them.
-- The record is kept as it came (bytes, not jsonb: what PostgreSQL refused as JSON must fit here);
-- a replayed or discarded one stays, with when, for the record.
CREATE TABLE dead_letter (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic            text NOT NULL,
    kafka_partition  int NOT NULL,
    kafka_offset     bigint NOT NULL,
    change_version   bigint NOT NULL,
    document_id      uuid NOT NULL,
    project          text NOT NULL,
    resource         text NOT NULL,
    deleted          boolean NOT NULL,
    etag             text,
    error            text NOT NULL,
    sql_state        text,
    envelope         bytea NOT NULL,
    trace_parent     text,
    parked_at        timestamptz NOT NULL DEFAULT now(),
    replayed_at      timestamptz,
    discarded_at     timestamptz,
    -- Parked once, however often the record is delivered (a second sink, a crash before the commit).
    UNIQUE (topic, kafka_partition, kafka_offset)
);
-- A redelivered change is compared with what the store holds at its change version, parked ones included.
CREATE INDEX dead_letter_by_change_version ON dead_letter (change_version);
