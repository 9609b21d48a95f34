-- The version of a household, station or staff row (050_editing.sql) rises with every change of
-- the record, by whichever writer (an edit, an import, a boundary change re-deriving a grid), so
-- an editor holding an older version is refused. A staff member's position and duty are their
-- work, not their record (as in data_changes.sql): they leave the version alone, so a phone
-- reporting every 30 seconds never makes an open edit stale. An update that changes nothing
-- keeps the version, so sending the same edit twice is harmless.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION raise_record_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF to_jsonb(NEW) - 'version' - coalesce(TG_ARGV, '{}') IS DISTINCT FROM to_jsonb(OLD) - 'version' - coalesce(TG_ARGV, '{}') THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := OLD.version;
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS households_record_version ON households;
CREATE TRIGGER households_record_version BEFORE UPDATE ON households
    FOR EACH ROW EXECUTE FUNCTION raise_record_version();
DROP TRIGGER IF EXISTS service_stations_record_version ON service_stations;
CREATE TRIGGER service_stations_record_version BEFORE UPDATE ON service_stations
    FOR EACH ROW EXECUTE FUNCTION raise_record_version();
DROP TRIGGER IF EXISTS staff_record_version ON staff;
CREATE TRIGGER staff_record_version BEFORE UPDATE ON staff
    FOR EACH ROW EXECUTE FUNCTION raise_record_version('location', 'located_at', 'on_duty');
