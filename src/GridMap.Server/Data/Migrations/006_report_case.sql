-- Filing a report in one statement. append_case_event holds the live_seq row lock until
-- commit, so every other writer waits as long as it is held. Run as one statement in its own
-- transaction, the lock is held only while the server appends and commits, never across a
-- round trip to the client: this is what lets reports arrive by the hundred per second.

-- The case reported at (p_lon, p_lat), its areas derived from the point, and an open case of
-- the same category within p_duplicate_metres and p_duplicate_window named as a possible
-- duplicate; no row when the point lies outside every area.
CREATE FUNCTION report_case(
    p_category_code text, p_description text, p_reporter text, p_source text,
    p_lon float8, p_lat float8, p_now timestamptz, p_dispatch_due timestamptz,
    p_duplicate_window interval, p_duplicate_metres float8)
RETURNS SETOF cases
LANGUAGE plpgsql
-- Kept to the indexes whatever the statistics say. On small tables (a new district) the planner
-- chose seq scans: the area chain read every area three times per report. A plan made then is
-- cached for the connection's life.
SET enable_seqscan = off
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
              AND d.reported_at > p_now - p_duplicate_window AND d.reported_at <= p_now
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
