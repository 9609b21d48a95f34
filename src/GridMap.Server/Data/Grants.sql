-- What the service role may do, re-applied by the migrator after every run (Data/Migrator.cs):
-- read and write the data, never change the schema (it owns nothing), never TRUNCATE, never
-- rewrite an audit trail or the user list (the schema owner's admin verbs add users).
-- gridmap.service_role names the role.
DO $$
DECLARE
    service text := current_setting('gridmap.service_role');
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', service);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', service);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', service);
    -- Tables the owner makes later (pgRouting's vertex table, say) are the service's to use too.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', service);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', service);
    EXECUTE format('REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM %I', service);
    EXECUTE format('REVOKE UPDATE, DELETE ON case_events, personal_data_reads, data_changes FROM %I', service);
    -- The one update of the case trail: an old event's live snapshot let go (Cases/LiveSnapshotRetention.cs);
    -- its trigger refuses any other.
    EXECUTE format('GRANT UPDATE (snapshot) ON case_events TO %I', service);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON schema_migrations, schema_definitions, users FROM %I', service);
    EXECUTE format('REVOKE UPDATE, DELETE ON data_protection_keys FROM %I', service);
    -- The merge of the reads' index, run as the owner (Data/Sql/personal_data_reads_merge.sql).
    EXECUTE format('GRANT EXECUTE ON FUNCTION merge_personal_data_reads_index() TO %I', service);
END $$;
