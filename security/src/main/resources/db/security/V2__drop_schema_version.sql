-- Flyway's history (dms_security.flyway_schema_history) records the versions now; the table the
-- hand-written migrations kept would stay at 1 whatever came later.
DROP TABLE dms_security.schema_version;
