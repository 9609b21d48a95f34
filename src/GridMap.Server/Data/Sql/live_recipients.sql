-- Who hears a change of a case besides the watchers of its areas (Cases/LiveEvent.cs): users, by
-- their personal key (LiveEvent.PersonalKey: minus the user id). Stored with each event by
-- append_case_events; worked out when read for events stored without them (migration 120).
-- Re-applied whenever this file changes (Data/Migrator.cs).
DROP FUNCTION IF EXISTS live_own_keys;
DROP FUNCTION IF EXISTS live_left_keys;
DROP FUNCTION IF EXISTS live_recipients;

-- own_keys: the users whose own case the change is. Follows CaseAccess.Filter for each role, on
-- the case as the change left it (p_snapshot): the user who reported it or a duplicate merged
-- into it; the grid worker it is assigned to, wherever it lies; each department summoned to it
-- (吹哨), in the department's area. A user's area holds the case when it lies on the case's chain
-- of areas.
-- left_keys: the grid worker the change took the case from: the one it was assigned to at the
-- case's previous event (before seq p_seq; NULL: its latest, for a change not yet appended), when
-- that is no longer its assignee. It hears only that the case left it (caseLeft).
-- A set-returning SQL function, so that PostgreSQL inlines it into the query that calls it in FROM
-- (LATERAL): its lookups are planned with that query, once for a cached plan. As two scalar SQL
-- functions they were planned afresh at every statement that called them, which cost a batch of
-- reports more than the lookups themselves (docs/benchmarks.md). Not STRICT and without SET, or it
-- would not be inlined.
CREATE FUNCTION live_recipients(p_case_id bigint, p_seq bigint, p_area_ids bigint[], p_snapshot jsonb)
RETURNS TABLE (own_keys bigint[], left_keys bigint[])
LANGUAGE sql STABLE AS $$
    SELECT
        ARRAY(
            SELECT -own.reported_by FROM cases own WHERE own.id = p_case_id AND own.reported_by IS NOT NULL
            UNION
            SELECT -own.reported_by FROM cases own WHERE own.duplicate_of = p_case_id AND own.reported_by IS NOT NULL
            UNION
            SELECT -u.id FROM users u
            WHERE u.staff_id = (p_snapshot->>'assigneeId')::bigint AND u.role = 'grid_worker'
            UNION
            SELECT -u.id FROM users u
            WHERE u.department_code IN (SELECT s->>'department' FROM jsonb_array_elements(p_snapshot->'summons') s)
              AND u.role = 'department' AND u.area_id = ANY (p_area_ids)),
        ARRAY(
            SELECT -u.id FROM users u
            WHERE u.staff_id = (SELECT p.assignee_id FROM case_events p
                                WHERE p.case_id = p_case_id AND p.seq < coalesce(p_seq, 9223372036854775807)
                                ORDER BY p.seq DESC LIMIT 1)
              AND u.staff_id IS DISTINCT FROM (p_snapshot->>'assigneeId')::bigint
              AND u.role = 'grid_worker')
$$;
