-- Appends one event for each case's current row, in the order given, and returns each case as
-- its event stores it (its snapshot, case_snapshots.sql), which is what live maps receive, with
-- the users who hear of it besides the watchers of its areas (live_recipients.sql). Call
-- it as the LAST statement of the transaction that changed the cases: it takes the live_seq row
-- lock and holds it until commit, so seq numbers are handed out in commit order without gaps,
-- and every other writer waits for as long as it is held. A batch takes its seq numbers with one
-- update: each update of the one live_seq row in a transaction leaves a row version that the
-- next has to step over.
-- Re-applied whenever this file changes (Data/Migrator.cs).
DROP FUNCTION IF EXISTS append_case_event;
DROP FUNCTION IF EXISTS append_case_events;
CREATE FUNCTION append_case_events(
    p_case_ids bigint[], p_actors text[], p_actor_role text, p_action text,
    p_from_statuses text[], p_note text DEFAULT NULL, p_locations geometry[] DEFAULT NULL)
RETURNS SETOF jsonb
LANGUAGE plpgsql
-- Kept to the indexes, as report_cases is: a connection keeps the plans of these statements for
-- its life, and one made while the tables were small (a new district) would scan them whole for
-- every case (the recipients' lookups, live_recipients.sql, are planned with them).
SET enable_seqscan = off
-- Never compiled: the recipients' plan is costed for 1,000 cases (generate_series of a parameter)
-- and, until autovacuum first analyzes a growing district, for lookups that find many rows. Past
-- jit_above_cost, every batch compiled some 57 functions (0.2-0.3 s) to run lookups that take
-- milliseconds: the write stalled until the analysis (docs/benchmarks.md).
SET jit = off
AS $$
DECLARE
    n integer := coalesce(cardinality(p_case_ids), 0);
    last_seq bigint;
    statuses text[];
    areas text[];
    snaps jsonb[];
    owns text[];
    lefts text[];
BEGIN
    IF n = 0 THEN RETURN; END IF;
    -- Read before the lock is taken, in one query for the batch: the lock is held for as short a
    -- time as can be. (Area ids as text: arrays of arrays must all have one length.)
    SELECT array_agg(c.status ORDER BY u.o), array_agg(c.area_ids::text ORDER BY u.o), array_agg(c.snapshot ORDER BY u.o)
    INTO statuses, areas, snaps
    FROM unnest(p_case_ids) WITH ORDINALITY u (id, o) JOIN case_snapshots c ON c.id = u.id;
    IF coalesce(cardinality(snaps), 0) <> n THEN
        RAISE EXCEPTION 'append_case_events: % of % cases do not exist', n - coalesce(cardinality(snaps), 0), n USING ERRCODE = 'no_data_found';
    END IF;
    -- From the snapshots made above: a second reference to the view's snapshot would build it again.
    SELECT array_agg(r.own_keys::text ORDER BY i), array_agg(r.left_keys::text ORDER BY i)
    INTO owns, lefts
    FROM generate_series(1, n) i, LATERAL live_recipients(p_case_ids[i], NULL, areas[i]::bigint[], snaps[i]) r;
    UPDATE live_seq SET last = last + n WHERE id = 1 RETURNING last INTO last_seq;
    INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, note, location, area_ids, snapshot,
                             assignee_id, own_keys, left_keys)
    SELECT last_seq - n + i, p_case_ids[i], p_actors[i], p_actor_role, p_action, p_from_statuses[i], statuses[i], p_note, p_locations[i],
           areas[i]::bigint[], snaps[i], (snaps[i]->>'assigneeId')::bigint, owns[i]::bigint[], lefts[i]::bigint[]
    FROM generate_series(1, n) i;
    -- The notification carries nothing: any role that may connect can LISTEN on any channel and
    -- NOTIFY on it, so a payload would hand every case to a curious reader and let a forger push a
    -- made-up case to live maps. The listener reads the new rows from case_events, where only the
    -- service writes. Identical notifications of one transaction fold into one.
    PERFORM pg_notify('case_events', '');
    RETURN QUERY SELECT s FROM unnest(snaps) s;
END $$;

-- One event: the batch of one.
CREATE FUNCTION append_case_event(
    p_case_id bigint, p_actor text, p_actor_role text, p_action text,
    p_from_status text, p_note text DEFAULT NULL, p_location geometry DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql AS $$
    SELECT append_case_events(ARRAY[p_case_id], ARRAY[p_actor], p_actor_role, p_action, ARRAY[p_from_status], p_note, ARRAY[p_location])
$$;
