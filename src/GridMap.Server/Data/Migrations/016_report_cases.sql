-- Reports filed in batches (Cases/ReportFiler.cs): every case of the batch first, then every
-- event. An event takes the live stream's lock (live_seq) and holds it until commit, so the cases'
-- inserts (the area chain, the duplicate check) run before it is taken, side by side with the
-- batch before this one, which holds the lock while its commit reaches the disk.
-- Returns the cases filed, in the order of the reports; a report whose point lies in no area has none.
CREATE FUNCTION report_cases(
    p_category_code text[], p_description text[], p_reporter text[], p_source text[],
    p_lon float8[], p_lat float8[], p_now timestamptz[], p_dispatch_due timestamptz[],
    p_duplicate_window interval, p_duplicate_metres float8)
RETURNS SETOF cases
LANGUAGE plpgsql
-- As report_case (007): kept to the indexes, one plan for every batch.
SET enable_seqscan = off
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    p geometry;
    filed_ord integer[] := '{}';
    filed_id bigint[] := '{}';
    id bigint;
    c cases;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_category_code, 1), 0) LOOP
        p := ST_SetSRID(ST_MakePoint(p_lon[i], p_lat[i]), 4326);
        id := NULL;
        INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                           possible_duplicate_of, reported_at, updated_at, dispatch_due)
        SELECT p_category_code[i], p_description[i], p_reporter[i], p_source[i], p, a.grid_id, a.community_id, a.street_id, a.district_id,
               (SELECT d.id FROM cases d
                WHERE d.category_code = p_category_code[i] AND d.status NOT IN ('closed', 'voided')
                  AND p_now[i] - d.reported_at >= interval '0' AND p_now[i] - d.reported_at < p_duplicate_window
                  AND ST_DWithin(d.location::geography, p::geography, p_duplicate_metres)
                ORDER BY ST_Distance(d.location::geography, p::geography), d.id
                LIMIT 1),
               p_now[i], p_now[i], p_dispatch_due[i]
        FROM area_chain_at(p) a
        WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
        RETURNING cases.id INTO id;
        IF id IS NOT NULL THEN
            filed_ord := filed_ord || i;
            filed_id := filed_id || id;
        END IF;
    END LOOP;
    FOR j IN 1 .. coalesce(array_length(filed_id, 1), 0) LOOP
        PERFORM append_case_event(filed_id[j], coalesce(p_reporter[filed_ord[j]], p_source[filed_ord[j]]), 'reporter', 'report', NULL, NULL,
                                  ST_SetSRID(ST_MakePoint(p_lon[filed_ord[j]], p_lat[filed_ord[j]]), 4326));
    END LOOP;
    FOR j IN 1 .. coalesce(array_length(filed_id, 1), 0) LOOP
        SELECT * INTO c FROM cases WHERE cases.id = filed_id[j];
        RETURN NEXT c;
    END LOOP;
END $$;
