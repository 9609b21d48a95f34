-- The audit trail of people's data (data_changes, 013): statement triggers with transition
-- tables, so a bulk load or an import of 100,000 rows writes its trail in one INSERT … SELECT.
-- The writer names who and why for its transaction (Data/DataChanges.cs); a write that names
-- nobody (a fixture, a psql session) is recorded under its database role, never left out.
-- A staff member's position and duty change every 30 seconds while on duty: that is their work,
-- not an edit of their record, so an update that changes only those is not recorded.
-- Re-applied whenever this file changes (Data/Migrator.cs).
-- The row as JSON with its location, if the table has one, as [lon, lat]: the coordinates of the
-- GeoJSON point that to_jsonb writes for a geometry (PostGIS writes each number in the shortest
-- form that reads back the same, as jsonb does a float8). It takes the row alone so that one
-- trigger serves tables without a location; parsing the GeoJSON back would cost 16 times as much
-- (bench/sql/data_change_row.sql).
DROP FUNCTION IF EXISTS data_change_row(jsonb, geometry);
CREATE OR REPLACE FUNCTION data_change_row(r jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN NOT r ? 'location' THEN r
        ELSE r - 'location' || jsonb_build_object('location', r->'location'->'coordinates') END
$$;

CREATE OR REPLACE FUNCTION record_data_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    actor  text := coalesce(nullif(current_setting('gridmap.actor', true), ''), current_user);
    reason text := nullif(current_setting('gridmap.change_reason', true), '');
    entity text := TG_ARGV[0];
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
        SELECT actor, reason, entity, n.id, NULL, data_change_row(to_jsonb(n)) FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
        SELECT actor, reason, entity, o.id, data_change_row(to_jsonb(o)), NULL FROM old_rows o;
    ELSE
        INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
        SELECT actor, reason, entity, n.id, b, a
        FROM old_rows o JOIN new_rows n USING (id)
        CROSS JOIN LATERAL (SELECT data_change_row(to_jsonb(o)) AS b,
                                   data_change_row(to_jsonb(n)) AS a) x
        WHERE b - 'location' - 'located_at' - 'on_duty' IS DISTINCT FROM a - 'location' - 'located_at' - 'on_duty'
           OR (entity <> 'staff' AND b IS DISTINCT FROM a);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
    entity text;
BEGIN
    FOR t, entity IN VALUES ('households', 'household'), ('service_stations', 'station'), ('staff', 'staff'),
        ('volunteers', 'volunteer'), ('service_tasks', 'service_task'), ('service_signups', 'service_signup'), ('visits', 'visit') LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_inserted', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_updated', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_deleted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_data_changes(%L)', t || '_changes_inserted', t, entity);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_data_changes(%L)', t || '_changes_updated', t, entity);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_data_changes(%L)', t || '_changes_deleted', t, entity);
    END LOOP;
END $$;
