-- Reports filed in batches (Cases/ReportFiler.cs), one statement in its own transaction: every
-- case of the batch first, then every event. An event takes the live stream's lock (live_seq,
-- append_case_event.sql) and holds it until commit, so the cases' inserts (the area chain, the
-- duplicate check) run before it is taken, side by side with the batch before this one, which
-- holds the lock while its commit reaches the disk.
-- Each case gets the areas its point lies in (area_chain_at), and an open case of the same
-- category within p_duplicate_metres reported within p_duplicate_window before it is named as a
-- possible duplicate. Returns, in the order of the reports, the number of each report filed
-- (1-based) and its case (its snapshot, case_snapshots.sql); a report whose point lies in no
-- area has no row. p_reported_by: the signed-in user of each report (NULL: Open311, a hotline);
-- p_media_url: Open311's media_url of each report (NULL: none).
-- Re-applied whenever this file changes (Data/Migrator.cs).
DROP FUNCTION IF EXISTS report_cases;
CREATE FUNCTION report_cases(
    p_category_code text[], p_description text[], p_reporter text[], p_source text[],
    p_lon float8[], p_lat float8[], p_now timestamptz[], p_dispatch_due timestamptz[],
    p_duplicate_window interval, p_duplicate_metres float8, p_reported_by bigint[] DEFAULT NULL, p_media_url text[] DEFAULT NULL)
RETURNS TABLE (report integer, filed jsonb)
LANGUAGE plpgsql
-- Kept to the indexes whatever the statistics say: on small tables (a new district) the planner
-- chose sequential scans, and the area chain read every area three times per report, in a plan
-- then cached for the connection's life.
SET enable_seqscan = off
-- One plan for every batch, made once per connection. Chosen by estimated cost, the custom plan
-- looked cheaper, so every batch was planned afresh and a third of PostgreSQL's time went to
-- the planner (docs/benchmarks-live.md).
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    p geometry;
    filed_report integer[] := '{}';
    filed_id bigint[] := '{}';
    new_id bigint;
    r integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_category_code, 1), 0) LOOP
        p := ST_SetSRID(ST_MakePoint(p_lon[i], p_lat[i]), 4326);
        new_id := NULL;
        INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                           possible_duplicate_of, reported_at, updated_at, dispatch_due, reported_by, media_url)
        SELECT p_category_code[i], p_description[i], p_reporter[i], p_source[i], p, a.grid_id, a.community_id, a.street_id, a.district_id,
               (SELECT d.id FROM case_snapshots d
                WHERE d.category_code = p_category_code[i] AND NOT d.finished
                  -- As an age, not a range of reported_at: the generic plan, not knowing the
                  -- report's time, would AND the geography index with cases_reported_at_ix, and in
                  -- a burst every case is recent, so the range matched the whole table.
                  AND p_now[i] - d.reported_at >= interval '0' AND p_now[i] - d.reported_at < p_duplicate_window
                  AND ST_DWithin(d.location::geography, p::geography, p_duplicate_metres)
                ORDER BY ST_Distance(d.location::geography, p::geography), d.id
                LIMIT 1),
               p_now[i], p_now[i], p_dispatch_due[i], p_reported_by[i], p_media_url[i]
        FROM area_chain_at(p) a
        WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
        RETURNING cases.id INTO new_id;
        IF new_id IS NOT NULL THEN
            filed_report := filed_report || i;
            filed_id := filed_id || new_id;
        END IF;
    END LOOP;
    FOR j IN 1 .. coalesce(array_length(filed_id, 1), 0) LOOP
        r := filed_report[j];
        report := r;
        filed := append_case_event(filed_id[j], coalesce(p_reporter[r], p_source[r]), 'reporter', 'report', NULL, NULL,
                                   ST_SetSRID(ST_MakePoint(p_lon[r], p_lat[r]), 4326));
        RETURN NEXT;
    END LOOP;
END $$;
