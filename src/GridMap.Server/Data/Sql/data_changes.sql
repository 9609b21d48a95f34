-- The audit trail of people's data (data_changes, 013): statement triggers with transition
-- tables, so a bulk load or an import of 100,000 rows writes its trail in one INSERT … SELECT.
-- The writer names who and why for its transaction (Data/DataChanges.cs); a write that names
-- nobody (a fixture, a psql session) is recorded under its database role, never left out.
-- A staff member's position and duty change every 30 seconds while on duty: that is their work,
-- not an edit of their record, so an update that changes only those is not recorded.
--
-- A row is recorded as to_jsonb would give it, but with its location as [lon, lat]. to_jsonb of
-- the whole row would write the geometry as GeoJSON, parse it back and have it thrown away:
-- most of the trail's cost in a bulk write (docs/benchmarks.md, "The audit trail"). So each
-- audited table gets its own trigger function, written below from the table's columns (by name,
-- so that a database migrated forward gets the same text as a fresh one), which names every
-- column, the location as [lon, lat]. A table without a location column is recorded as to_jsonb gives it.
-- Re-applied whenever this file changes and after every migration (Data/Migrator.cs), so the
-- functions follow the columns migrations add; a migration that drops a column of an audited
-- table must not write to that table before this file is applied again.
DO $$
DECLARE
    t text;
    entity text;
    -- what an update may change without being recorded
    work text[];
    row_json text[];
    f text;
BEGIN
    FOR t, entity IN VALUES ('households', 'household'), ('service_stations', 'station'), ('staff', 'staff'),
        ('volunteers', 'volunteer'), ('service_tasks', 'service_task'), ('service_signups', 'service_signup'), ('visits', 'visit') LOOP
        work := CASE WHEN entity = 'staff' THEN ARRAY['location', 'located_at', 'on_duty'] ELSE '{}' END;
        -- The row on the new side (n) and on the old side (o). jsonb_build_object takes at most
        -- 50 pairs, so a wider table's row is joined from pieces.
        SELECT array_agg(r ORDER BY alias) INTO row_json
        FROM (SELECT alias, string_agg(format('jsonb_build_object(%s)', pairs), ' || ' ORDER BY piece) AS r
              FROM (SELECT alias, piece, string_agg(pair, ', ' ORDER BY name) AS pairs
                    FROM (SELECT x.alias, a.attname AS name,
                                 (row_number() OVER (PARTITION BY x.alias ORDER BY a.attname) - 1) / 40 AS piece,
                                 CASE WHEN a.attname = 'location'
                                      THEN format('''location'', CASE WHEN %1$s.location IS NULL THEN NULL '
                                                  'ELSE jsonb_build_array(ST_X(%1$s.location), ST_Y(%1$s.location)) END', x.alias)
                                      ELSE format('%L, %s.%I', a.attname, x.alias, a.attname) END AS pair
                          FROM pg_attribute a CROSS JOIN (VALUES ('n'), ('o')) x(alias)
                          WHERE a.attrelid = t::regclass AND a.attnum > 0 AND NOT a.attisdropped) c
                    GROUP BY alias, piece) p
              GROUP BY alias) q;
        f := 'record_' || t || '_changes';
        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            DECLARE
                actor  text := coalesce(nullif(current_setting('gridmap.actor', true), ''), current_user);
                reason text := nullif(current_setting('gridmap.change_reason', true), '');
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                    SELECT actor, reason, %2$L, n.id, NULL, %3$s FROM new_rows n;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                    SELECT actor, reason, %2$L, o.id, %4$s, NULL FROM old_rows o;
                ELSE
                    INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                    SELECT actor, reason, %2$L, n.id, b, a
                    FROM old_rows o JOIN new_rows n USING (id)
                    CROSS JOIN LATERAL (SELECT %4$s AS b, %3$s AS a) x
                    WHERE b - %5$L::text[] IS DISTINCT FROM a - %5$L::text[];
                END IF;
                RETURN NULL;
            END $body$
            $f$, f, entity, row_json[1], row_json[2], work);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_inserted', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_updated', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_changes_deleted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_inserted', t, f);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_updated', t, f);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_deleted', t, f);
    END LOOP;
END $$;

-- The generic function the triggers used before, dropped without CASCADE: a trigger still using it fails here, loudly, rather than vanishing.
DROP FUNCTION IF EXISTS record_data_changes();
DROP FUNCTION IF EXISTS data_change_row(jsonb, geometry);
