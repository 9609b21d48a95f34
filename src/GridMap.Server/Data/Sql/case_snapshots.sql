-- A case as every reader sees it: the one definition of its public shape. The list
-- (GET /api/cases), one case (GET /api/cases/{id}), the answers to a report and to a move, the
-- live push (the snapshot stored with each event in case_events), Open311, the overdue watcher,
-- the duplicate check and the KPIs all read case_snapshots.
-- Re-applied whenever this file changes (Data/Migrator.cs).

-- Finished: nothing more happens to the case. The SQL twin of CaseWorkflow.IsTerminal; a test
-- checks that the two agree for every status.
CREATE OR REPLACE FUNCTION case_finished(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status IN ('closed', 'voided')
$$;

-- Overdue: the deadline passed while the case was running and the overdue watcher reported it.
-- Also what the demo load's replayed events say at each move (Demo/CaseCopy.cs).
CREATE OR REPLACE FUNCTION case_overdue(overdue_notified_at timestamptz, status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT overdue_notified_at IS NOT NULL AND NOT case_finished(status)
$$;

-- The snake_case columns are for SQL readers (filters, counts, the watcher's scan), the
-- snapshot is the case as JSON. Columns a query does not name cost nothing, as PostgreSQL
-- folds the view into the query.
DROP VIEW IF EXISTS case_snapshots;
CREATE VIEW case_snapshots AS
SELECT c.id, c.location, c.status, case_finished(c.status) AS finished, c.category_code, c.description, c.reporter, c.source,
       c.grid_id, c.community_id, c.street_id, c.district_id,
       -- the areas the case lies in, smallest first: whoever watches one of them sees the case
       array_remove(ARRAY[c.grid_id, c.community_id, c.street_id, c.district_id], NULL) AS area_ids,
       c.assignee_id, c.possible_duplicate_of, c.reported_at, c.registered_at, c.dispatch_due, c.dispatched_at,
       c.handling_due, c.feedback_at, c.closed_at, c.updated_at,
       -- the deadline the case runs against now: handling once dispatched, else dispatch
       coalesce(c.handling_due, c.dispatch_due) AS deadline,
       c.overdue_notified_at,
       case_overdue(c.overdue_notified_at, c.status) AS overdue,
       c.extension_requested_hours, c.extension_granted_hours, c.rework_count, c.published, c.version,
       c.reported_by, c.duplicate_of, c.media_url,
       jsonb_build_object(
           'id', c.id, 'status', c.status, 'finished', case_finished(c.status),
           -- the reporter masked: the snapshot is stored with each event and pushed to live maps,
           -- which never carry a resident's name or number; the audit trail (GET …/events) shows
           -- who reported to the roles that may see personal data
           'categoryCode', c.category_code, 'description', c.description, 'reporter', mask_name(c.reporter), 'source', c.source,
           'lon', ST_X(c.location), 'lat', ST_Y(c.location),
           'gridId', c.grid_id, 'communityId', c.community_id, 'streetId', c.street_id, 'districtId', c.district_id,
           'assigneeId', c.assignee_id, 'possibleDuplicateOf', c.possible_duplicate_of,
           'reportedAt', api_time(c.reported_at), 'registeredAt', api_time(c.registered_at),
           'dispatchDue', api_time(c.dispatch_due), 'dispatchedAt', api_time(c.dispatched_at),
           'handlingDue', api_time(c.handling_due), 'feedbackAt', api_time(c.feedback_at),
           'closedAt', api_time(c.closed_at), 'updatedAt', api_time(c.updated_at),
           'deadline', api_time(coalesce(c.handling_due, c.dispatch_due)),
           'overdue', case_overdue(c.overdue_notified_at, c.status),
           'handlingClockPaused', c.paused_since IS NOT NULL,
           'extensionRequestedHours', c.extension_requested_hours, 'extensionGrantedHours', c.extension_granted_hours,
           'reworkCount', c.rework_count, 'published', c.published, 'version', c.version,
           -- departments summoned (吹哨), in the order summoned; confirmed once they reported (报到);
           -- late when they reported after the time limit, or have not and the overdue watcher
           -- marked the limit passed (by the server's clock, as a case's overdue is)
           'summons', coalesce((
               SELECT jsonb_agg(jsonb_build_object(
                          'department', s.department_code, 'state', CASE WHEN s.confirmed_at IS NULL THEN 'pending' ELSE 'confirmed' END,
                          'summonedAt', api_time(s.summoned_at), 'dueAt', api_time(s.due_at), 'confirmedAt', api_time(s.confirmed_at),
                          'late', coalesce(s.confirmed_at > s.due_at, s.late_notified_at IS NOT NULL))
                      ORDER BY s.summoned_at, s.department_code)
               FROM case_summons s WHERE s.case_id = c.id), '[]'::jsonb),
           -- photos (GET /api/cases/{id}/media lists them)
           'mediaCount', (SELECT count(*) FROM case_media m WHERE m.case_id = c.id),
           -- merged as a duplicate into that case; and the cases merged into this one
           'duplicateOf', c.duplicate_of,
           'duplicates', coalesce((SELECT jsonb_agg(d.id ORDER BY d.id) FROM cases d WHERE d.duplicate_of = c.id), '[]'::jsonb),
           -- the photo's link an Open311 client posted (media_url), as given
           'mediaUrl', c.media_url
       ) AS snapshot
FROM cases c;
