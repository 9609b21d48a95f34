-- The version counters of data_versions (004_coverage.sql), which tell the planner's warm cache
-- when its data changed: one trigger per kind of write on each table the planner reads.
-- A statement that changes no row (a DELETE of an id that is not there, say) leaves the counters
-- alone: raising them made the planner's warm cache reload for nothing, and let a refused request
-- write. Only a trigger for one kind of write can see the rows that write changed.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM changed_rows) THEN
        UPDATE data_versions SET version = version + 1 WHERE name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['areas', 'households', 'service_stations', 'roads'] LOOP
        -- the one trigger for every kind of write that databases made before this file still have
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_version', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_inserted', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_updated', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_deleted', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_truncated', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_inserted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_updated', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_deleted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_truncated', t);
    END LOOP;
END $$;
