-- What the live stream's NOTIFY may carry, and what reading the database gives away.

-- The notification says only "case_events has grown". Any role that may connect can LISTEN on
-- any channel and NOTIFY on it, so a payload would hand every case to a curious reader and let
-- a forger push a made-up case to live maps; and NOTIFY refuses payloads over 8,000 bytes, which
-- a long description with escaped characters reached. The listener reads the new rows from
-- case_events, where only the service writes, after the last seq it delivered.
CREATE OR REPLACE FUNCTION append_case_event(
    p_case_id bigint, p_actor text, p_actor_role text, p_action text,
    p_from_status text, p_note text DEFAULT NULL, p_location geometry DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    c cases;
    s bigint;
    areas bigint[];
BEGIN
    SELECT * INTO STRICT c FROM cases WHERE id = p_case_id;
    UPDATE live_seq SET last = last + 1 WHERE id = 1 RETURNING last INTO s;
    areas := array_remove(ARRAY[c.grid_id, c.community_id, c.street_id, c.district_id], NULL);
    INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, note, location, area_ids, snapshot)
    VALUES (s, c.id, p_actor, p_actor_role, p_action, p_from_status, c.status, p_note, p_location, areas, case_snapshot(c));
    -- Identical notifications of one transaction fold into one; the listener needs no more.
    PERFORM pg_notify('case_events', '');
    RETURN s;
END $$;

-- The token-signing keys were stored in clear; from now on the server encrypts them with a
-- certificate kept outside the database. Keys in clear are thrown away, so everyone signs in again.
DELETE FROM data_protection_keys;
