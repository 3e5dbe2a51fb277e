-- Flyway's history (flyway_schema_history, in this schema) records the versions now; the table the
-- hand-written migrations kept would stay at 1 whatever came later.
DROP TABLE schema_version;
