-- The audit trail's row conversion (Data/Sql/data_changes.sql) for a table with a location, as
-- it was before issue 17 (the row and its geometry, read as n.location) against as it is now (the
-- row alone, the location taken from the GeoJSON that to_jsonb writes for a geometry, so that one
-- trigger serves tables without a location too). :rows household-like rows (psql -v rows=N) at
-- random places, fixed seed; the two alternate, three runs each after a warm-up of each; both must
-- give the same JSON.
-- Run: ./gridmap psql -q -v rows=20000 -f bench/sql/data_change_row.sql   (temporary objects only)
CREATE FUNCTION pg_temp.row_before(r jsonb, location geometry) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT r - 'location' || jsonb_build_object('location',
        CASE WHEN location IS NULL THEN NULL ELSE jsonb_build_array(ST_X(location), ST_Y(location)) END)
$$;
CREATE FUNCTION pg_temp.row_now(r jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN NOT r ? 'location' THEN r
        ELSE r - 'location' || jsonb_build_object('location', r->'location'->'coordinates') END
$$;
SELECT setseed(0.17);
CREATE TEMP TABLE bench_rows AS
SELECT i AS id, '张建国' AS name, 1 + i % 6 AS members, 'member' AS kind, '13812341234' AS phone,
       ST_SetSRID(ST_MakePoint(121.1 + random() * 0.2, 31.8 + random() * 0.15), 4326)::geometry(Point, 4326) AS location,
       5::bigint AS grid_id, 1 AS version
FROM generate_series(1, :rows) i;

SELECT count(*) AS "rows whose JSON differs (must be 0)"
FROM bench_rows h WHERE pg_temp.row_before(to_jsonb(h), h.location) IS DISTINCT FROM pg_temp.row_now(to_jsonb(h));

DO $$
DECLARE
    t timestamptz;
    before_ms float8[] := '{}';
    now_ms float8[] := '{}';
BEGIN
    FOR run IN 0..3 LOOP
        t := clock_timestamp();
        PERFORM count(pg_temp.row_before(to_jsonb(h), h.location)) FROM bench_rows h;
        IF run > 0 THEN before_ms := before_ms || extract(epoch FROM clock_timestamp() - t) * 1000; END IF;
        t := clock_timestamp();
        PERFORM count(pg_temp.row_now(to_jsonb(h))) FROM bench_rows h;
        IF run > 0 THEN now_ms := now_ms || extract(epoch FROM clock_timestamp() - t) * 1000; END IF;
    END LOOP;
    RAISE NOTICE 'before (row, location): % ms; now (row alone): % ms; median ratio %',
        before_ms, now_ms,
        round(((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(now_ms) x)
             / (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(before_ms) x))::numeric, 2);
END $$;
