-- Appends one event for a case's current row and returns the case as the event stores it (its
-- snapshot, case_snapshots.sql), which is what live maps receive. Call it as the LAST statement
-- of the transaction that changed the case: it takes the live_seq row lock and holds it until
-- commit, so seq numbers are handed out in commit order without gaps, and every other writer
-- waits for as long as it is held.
-- Re-applied whenever this file changes (Data/Migrator.cs).
DROP FUNCTION IF EXISTS append_case_event;
CREATE FUNCTION append_case_event(
    p_case_id bigint, p_actor text, p_actor_role text, p_action text,
    p_from_status text, p_note text DEFAULT NULL, p_location geometry DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    s bigint;
    to_status text;
    areas bigint[];
    snap jsonb;
BEGIN
    -- Read before the lock is taken: the lock is held for as short a time as can be.
    SELECT c.status, c.area_ids, c.snapshot INTO STRICT to_status, areas, snap FROM case_snapshots c WHERE c.id = p_case_id;
    UPDATE live_seq SET last = last + 1 WHERE id = 1 RETURNING last INTO s;
    INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, note, location, area_ids, snapshot)
    VALUES (s, p_case_id, p_actor, p_actor_role, p_action, p_from_status, to_status, p_note, p_location, areas, snap);
    -- The notification carries nothing: any role that may connect can LISTEN on any channel and
    -- NOTIFY on it, so a payload would hand every case to a curious reader and let a forger push a
    -- made-up case to live maps. The listener reads the new rows from case_events, where only the
    -- service writes. Identical notifications of one transaction fold into one.
    PERFORM pg_notify('case_events', '');
    RETURN snap;
END $$;
