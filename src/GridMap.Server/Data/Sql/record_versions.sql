-- The version of a household, station or staff row (050_editing.sql), and of a visit, Party member
-- or service task (110_correcting_serving.sql), rises with every change of
-- the record, by whichever writer (an edit, an import, a boundary change re-deriving a grid), so
-- an editor holding an older version is refused. A staff member's position and duty are their
-- work, not their record (as in data_changes.sql): they leave the version alone, so a phone
-- reporting every 30 seconds never makes an open edit stale. An update that changes nothing
-- keeps the version, so sending the same edit twice is harmless.
--
-- Each table's trigger function compares the old and the new row column by column (written below
-- from the table's columns, by name), not as to_jsonb of each: that wrote the location as GeoJSON
-- twice for every row updated, three quarters of what an update of households cost
-- (docs/benchmarks.md, "The audit trail"). Re-applied whenever this file changes and after every
-- migration (Data/Migrator.cs), so the functions follow the columns migrations add.
DO $$
DECLARE
    t text;
    -- what may change without raising the version
    work text[];
    sides text[];
    f text;
BEGIN
    FOR t, work IN VALUES ('households', '{}'::text[]), ('service_stations', '{}'), ('staff', '{location, located_at, on_duty}'),
        ('visits', '{}'), ('volunteers', '{}'), ('service_tasks', '{}') LOOP
        SELECT array_agg(format('ROW(%s)', columns) ORDER BY side) INTO sides
        FROM (SELECT x.side, string_agg(format('%s.%I', x.side, a.attname), ', ' ORDER BY a.attname) AS columns
              FROM pg_attribute a CROSS JOIN (VALUES ('NEW'), ('OLD')) x(side)
              WHERE a.attrelid = t::regclass AND a.attnum > 0 AND NOT a.attisdropped
                AND a.attname <> 'version' AND a.attname <> ALL (work)
              GROUP BY x.side) c;
        f := 'raise_' || t || '_version';
        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                NEW.version := CASE WHEN %2$s IS DISTINCT FROM %3$s THEN OLD.version + 1 ELSE OLD.version END;
                RETURN NEW;
            END $body$
            $f$, f, sides[1], sides[2]);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_record_version', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION %I()', t || '_record_version', t, f);
    END LOOP;
END $$;

-- The generic function the triggers used before, dropped without CASCADE: a trigger still using it fails here, loudly, rather than vanishing.
DROP FUNCTION IF EXISTS raise_record_version();
