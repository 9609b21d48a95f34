-- Cases: people's concerns (民情诉求) from report to closing (GB/T 30428 case loop), their
-- append-only audit trail, and the ordered event stream that live maps follow.

CREATE TABLE cases (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_code          text NOT NULL,
    description            text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    reporter               text CHECK (length(reporter) <= 200),
    -- api | open311 | staff: where the report came from
    source                 text NOT NULL DEFAULT 'api',
    status                 text NOT NULL DEFAULT 'reported',
    location               geometry(Point, 4326) NOT NULL,
    -- derived from the location at report time (grid_at + parents), never typed by hand
    grid_id                bigint REFERENCES areas (id),
    community_id           bigint REFERENCES areas (id),
    street_id              bigint REFERENCES areas (id),
    district_id            bigint REFERENCES areas (id),
    assignee_id            bigint REFERENCES staff (id),
    possible_duplicate_of  bigint REFERENCES cases (id),
    reported_at            timestamptz NOT NULL DEFAULT now(),
    dispatch_due           timestamptz,
    dispatched_at          timestamptz,
    handling_due           timestamptz,
    closed_at              timestamptz,
    overdue_notified_at    timestamptz,
    -- optimistic concurrency: a transition names the version it saw
    version                integer NOT NULL DEFAULT 1
);
CREATE INDEX cases_location_gix ON cases USING gist (location);
CREATE INDEX cases_grid_ix ON cases (grid_id);
CREATE INDEX cases_community_ix ON cases (community_id);
CREATE INDEX cases_street_ix ON cases (street_id);
CREATE INDEX cases_status_ix ON cases (status);

-- 吹哨报到: departments summoned to a case, and whether they have reported (confirmed).
CREATE TABLE case_summons (
    case_id          bigint NOT NULL REFERENCES cases (id),
    department_code  text NOT NULL,
    summoned_at      timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    confirmed_at     timestamptz,
    PRIMARY KEY (case_id, department_code)
);

-- One counter row: taking the next number locks the row until commit, so numbers are
-- handed out in commit order and a reader never sees seq n+1 committed before n.
CREATE TABLE live_seq (
    id    integer PRIMARY KEY CHECK (id = 1),
    last  bigint NOT NULL
);
INSERT INTO live_seq VALUES (1, 0);

-- The audit trail: who, when, from → to, note, location. Also the stream a reconnecting
-- client replays from. Never updated or deleted.
CREATE TABLE case_events (
    seq          bigint PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id),
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    actor_role   text NOT NULL,
    action       text NOT NULL,
    from_status  text,
    to_status    text NOT NULL,
    note         text,
    location     geometry(Point, 4326),
    -- grid, community, street and district of the case: the areas whose watchers get it
    area_ids     bigint[] NOT NULL,
    -- the case as clients see it after this change
    snapshot     jsonb NOT NULL
);
CREATE INDEX case_events_case_ix ON case_events (case_id, seq);
CREATE INDEX case_events_areas_gin ON case_events USING gin (area_ids);

CREATE FUNCTION case_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is an append-only audit trail';
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

-- What a live client receives for a case (hub message caseChanged, replay, lists).
CREATE FUNCTION case_snapshot(c cases) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'status', c.status, 'categoryCode', c.category_code,
        'description', c.description, 'lon', ST_X(c.location), 'lat', ST_Y(c.location),
        'gridId', c.grid_id, 'communityId', c.community_id, 'streetId', c.street_id,
        'assigneeId', c.assignee_id, 'possibleDuplicateOf', c.possible_duplicate_of,
        'reportedAt', c.reported_at, 'deadline', coalesce(c.handling_due, c.dispatch_due),
        'overdue', c.overdue_notified_at IS NOT NULL AND c.status NOT IN ('closed', 'voided'),
        'version', c.version)
$$;

-- Appends one event for a case's current row and publishes it. Call it as the LAST statement
-- of the transaction that changed the case: it holds the live_seq row lock until commit, and
-- NOTIFY is delivered only after commit, in commit order, to every listening server instance.
CREATE FUNCTION append_case_event(
    p_case_id bigint, p_actor text, p_actor_role text, p_action text,
    p_from_status text, p_note text DEFAULT NULL, p_location geometry DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    c cases;
    s bigint;
    areas bigint[];
    snap jsonb;
BEGIN
    SELECT * INTO STRICT c FROM cases WHERE id = p_case_id;
    UPDATE live_seq SET last = last + 1 WHERE id = 1 RETURNING last INTO s;
    areas := array_remove(ARRAY[c.grid_id, c.community_id, c.street_id, c.district_id], NULL);
    snap := case_snapshot(c);
    INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, note, location, area_ids, snapshot)
    VALUES (s, c.id, p_actor, p_actor_role, p_action, p_from_status, c.status, p_note, p_location, areas, snap);
    PERFORM pg_notify('case_events', jsonb_build_object('seq', s, 'action', p_action, 'areaIds', areas, 'case', snap)::text);
    RETURN s;
END $$;
