-- What the workflow needs beyond 002 to keep deadlines and evaluation figures: when each step
-- happened on the application's clock, the pauses of the handling clock, the extension, rework.

ALTER TABLE cases
    ADD COLUMN registered_at              timestamptz,
    -- the last handler feedback (反馈): on time when it came by handling_due
    ADD COLUMN feedback_at                timestamptz,
    ADD COLUMN updated_at                 timestamptz NOT NULL DEFAULT now(),
    -- the handling clock stops while a dispatched case is not with its handler (parked,
    -- extension pending, being checked); closed pauses, and the one under way
    ADD COLUMN pauses                     tstzrange[] NOT NULL DEFAULT '{}',
    ADD COLUMN paused_since               timestamptz,
    ADD COLUMN extension_requested_hours  integer CHECK (extension_requested_hours > 0),
    ADD COLUMN extension_granted_hours    integer NOT NULL DEFAULT 0 CHECK (extension_granted_hours >= 0),
    ADD COLUMN rework_count               integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT cases_status_known CHECK (status IN (
        'reported', 'registered', 'voided', 'dispatched', 'in_progress', 'returned',
        'extension_requested', 'extended', 'parked', 'feedback_submitted', 'checking', 'closed'));

-- Duplicate hints and candidate distances are in metres on the spheroid.
CREATE INDEX cases_location_geog_gix ON cases USING gist ((location::geography));
CREATE INDEX cases_district_ix ON cases (district_id);
CREATE INDEX cases_assignee_ix ON cases (assignee_id);
CREATE INDEX cases_reported_at_ix ON cases (reported_at);
-- The overdue watcher's scan: open cases not yet reported overdue.
CREATE INDEX cases_overdue_scan_ix ON cases (status) WHERE overdue_notified_at IS NULL;

-- The areas a point belongs to: the smallest area covering it (a Party-building grid, else a
-- community, street or district), then its parents. On a shared edge the lowest id wins, as
-- in grid_at(). All null outside every area.
CREATE FUNCTION area_chain_at(p geometry)
RETURNS TABLE (grid_id bigint, community_id bigint, street_id bigint, district_id bigint)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE chain AS (
        (SELECT id, level, parent_id FROM areas
         WHERE ST_Covers(boundary, p) AND level IN ('grid', 'community', 'street', 'district')
               AND (level <> 'grid' OR layer = 'party')
         ORDER BY array_position(ARRAY['grid', 'community', 'street', 'district'], level), id
         LIMIT 1)
        UNION ALL
        SELECT a.id, a.level, a.parent_id FROM areas a JOIN chain c ON a.id = c.parent_id
    )
    SELECT max(id) FILTER (WHERE level = 'grid'), max(id) FILTER (WHERE level = 'community'),
           max(id) FILTER (WHERE level = 'street'), max(id) FILTER (WHERE level = 'district')
    FROM chain
$$;
