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
