-- report_case with one plan for every report, whose duplicate check keeps to the geography index.
--
-- Two faults, both found under sustained load:
-- 1. The generic plan, not knowing p_now, ANDed the geography index (a handful of cases within
--    50 m) with cases_reported_at_ix over the last 24 h. In a burst of reports that is every case
--    in the table: 2.6-3.2 ms a report at 85,000 cases, and growing. Written as an age, the window
--    is served by no index.
-- 2. PL/pgSQL picks a custom or the generic plan by estimated cost. Once (1) was fixed, the custom
--    plan looked cheaper, so every report was planned afresh and a third of PostgreSQL's time
--    went to the planner. The generic plan is now forced.
-- Measured in docs/benchmarks-live.md.

CREATE OR REPLACE FUNCTION report_case(
    p_category_code text, p_description text, p_reporter text, p_source text,
    p_lon float8, p_lat float8, p_now timestamptz, p_dispatch_due timestamptz,
    p_duplicate_window interval, p_duplicate_metres float8)
RETURNS SETOF cases
LANGUAGE plpgsql
-- Kept to the indexes whatever the statistics say. On small tables (a new district) the planner
-- chose seq scans: the area chain read every area three times per report. A plan made then is
-- cached for the connection's life.
SET enable_seqscan = off
-- One plan for every report, made once per connection (fault 2 above).
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    p geometry := ST_SetSRID(ST_MakePoint(p_lon, p_lat), 4326);
    c cases;
BEGIN
    INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                       possible_duplicate_of, reported_at, updated_at, dispatch_due)
    SELECT p_category_code, p_description, p_reporter, p_source, p, a.grid_id, a.community_id, a.street_id, a.district_id,
           (SELECT d.id FROM cases d
            WHERE d.category_code = p_category_code AND d.status NOT IN ('closed', 'voided')
              -- As an age, not a range of reported_at: the range could use cases_reported_at_ix,
              -- and in a burst every case is recent, so it matched the whole table.
              AND p_now - d.reported_at >= interval '0' AND p_now - d.reported_at < p_duplicate_window
              AND ST_DWithin(d.location::geography, p::geography, p_duplicate_metres)
            ORDER BY ST_Distance(d.location::geography, p::geography), d.id
            LIMIT 1),
           p_now, p_now, p_dispatch_due
    FROM area_chain_at(p) a
    WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
    RETURNING * INTO c;
    IF c.id IS NULL THEN
        RETURN;
    END IF;
    PERFORM append_case_event(c.id, coalesce(p_reporter, p_source), 'reporter', 'report', NULL, NULL, c.location);
    RETURN NEXT c;
END $$;
