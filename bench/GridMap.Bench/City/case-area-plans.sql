-- The area test of CaseArea.Filter before and after the area's level is read first, on a loaded
-- city database: KPIs by grid over a year and the case list's first page, at district level,
-- each taking turns, three times. PostgreSQL's own timings (EXPLAIN ANALYZE), planning, execution
-- and JIT compilation (as PostgreSQL reports it), as notices. Custom plans, as Npgsql's unprepared
-- statements get; run from a DO block, so without parallel workers (EXPLAIN in psql shows the plans).
--   (echo '\c DATABASE'; cat bench/GridMap.Bench/City/case-area-plans.sql) | ./gridmap psql
SET plan_cache_mode = force_custom_plan;
SET client_min_messages = notice;

-- Each statement is written once with %s for the area test on its cases' alias, and prepared with
-- each form of the test: kpi_before, kpi_after, page_before, page_after.
-- $1 area, $2 its level (read first by the new form), $3 micro-grid level name
DO $$
DECLARE
    -- %1$s: the cases' alias.
    area_before text := $q$($1::bigint IS NULL OR $1 IN (%1$s.grid_id, %1$s.community_id, %1$s.street_id, %1$s.district_id)
        OR ST_Covers((SELECT micro.boundary FROM areas micro WHERE micro.id = $1 AND micro.level = $3), %1$s.location))$q$;
    area_after text := $q$($1::bigint IS NULL OR CASE $2::text
        WHEN 'district' THEN %1$s.district_id = $1 WHEN 'street' THEN %1$s.street_id = $1
        WHEN 'community' THEN %1$s.community_id = $1 WHEN 'grid' THEN %1$s.grid_id = $1
        WHEN 'micro_grid' THEN ST_Covers((SELECT micro.boundary FROM areas micro WHERE micro.id = $1), %1$s.location)
        ELSE $1 IN (%1$s.grid_id, %1$s.community_id, %1$s.street_id, %1$s.district_id)
             OR %1$s.id IN (SELECT covered.id FROM areas micro JOIN cases covered ON ST_Covers(micro.boundary, covered.location)
                            WHERE micro.id = $1 AND micro.level = $3) END)$q$;
    kpi text := $q$
SELECT k.total, k.key, (SELECT name FROM areas WHERE id = k.key::bigint), k.due, k.closed, k.on_time, k.reworked, k.extended, k.overdue_open
FROM (
    SELECT grouping(c.grid_id::text) = 1 AS total, c.grid_id::text AS key,
           count(*) FILTER (WHERE c.due) AS due, count(*) FILTER (WHERE c.status = 'closed') AS closed,
           count(*) FILTER (WHERE c.status = 'closed' AND c.feedback_at <= c.handling_due) AS on_time,
           count(*) FILTER (WHERE c.due AND c.rework_count > 0) AS reworked,
           count(*) FILTER (WHERE c.due AND c.extension_granted_hours > 0) AS extended,
           count(*) FILTER (WHERE c.status IN ('dispatched', 'in_progress', 'extended') AND c.handling_due < now()) AS overdue_open
    FROM (SELECT c.*, c.status = 'closed' OR (c.handling_due < now() AND c.status <> 'parked' AND NOT c.finished) AS due
          FROM case_snapshots c
          WHERE %s
            AND c.reported_at >= now() - interval '366 days' AND c.reported_at < now()) c
    GROUP BY GROUPING SETS ((), (c.grid_id::text))) k$q$;
    page text := $q$
SELECT s.id, '{"type":"Feature","id":' || s.id || ',"geometry":' || ST_AsGeoJSON(s.location, 7) || ',"properties":' || s.snapshot::text || '}'
FROM case_snapshots s
WHERE %s
ORDER BY s.id DESC LIMIT 1001$q$;
    form record;
BEGIN
    FOR form IN SELECT * FROM (VALUES ('before', area_before), ('after', area_after)) AS f (name, test) LOOP
        EXECUTE format('PREPARE %I(bigint, text, text) AS ', 'kpi_' || form.name) || format(kpi, format(form.test, 'c'));
        EXECUTE format('PREPARE %I(bigint, text, text) AS ', 'page_' || form.name) || format(page, format(form.test, 's'));
    END LOOP;
END $$;

DO $$
DECLARE
    district bigint := (SELECT id FROM areas WHERE level = 'district' ORDER BY id LIMIT 1);
    plan json;
    statement text;
BEGIN
    FOR run IN 1..3 LOOP
        FOREACH statement IN ARRAY ARRAY['kpi_before', 'kpi_after', 'page_before', 'page_after'] LOOP
            EXECUTE format('EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE %I(%s, %L, %L)', statement, district, 'district', 'micro_grid') INTO plan;
            RAISE NOTICE '% run %: planning % ms, execution % ms, JIT % ms', rpad(statement, 11), run,
                round((plan->0->>'Planning Time')::numeric, 1), round((plan->0->>'Execution Time')::numeric, 1),
                round(coalesce((plan->0->'JIT'->'Timing'->>'Total')::numeric, 0), 1);
        END LOOP;
    END LOOP;
END $$;
