-- 走访: a grid worker's or a Party member's visit to a Party-member household (Visits/). The
-- share of a grid's households visited in the last 30 or 90 days is counted from it. A retired
-- household takes its visits with it; data_changes keeps them.
CREATE TABLE visits (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_id         bigint NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    -- the day of the visit in China Standard Time
    visited_on           date NOT NULL,
    note                 text NOT NULL,
    -- who visited: a staff member (grid worker, leader) or a registered Party member
    visitor_staff_id     bigint REFERENCES staff (id),
    visitor_volunteer_id bigint REFERENCES volunteers (id),
    -- the photo as Cases/Photos.cs keeps it, relative to the media folder: visits/<id>.<ext>
    photo_content_type   text CHECK (photo_content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    photo_file           text,
    photo_thumbnail      text,
    photo_width          integer,
    photo_height         integer,
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    recorded_by          text NOT NULL,
    CHECK (num_nonnulls(visitor_staff_id, visitor_volunteer_id) = 1),
    CHECK (num_nulls(photo_content_type, photo_file, photo_thumbnail, photo_width, photo_height) IN (0, 5))
);
CREATE INDEX visits_household_ix ON visits (household_id, visited_on);
CREATE INDEX visits_volunteer_ix ON visits (visitor_volunteer_id) WHERE visitor_volunteer_id IS NOT NULL;

ALTER TABLE data_changes DROP CONSTRAINT data_changes_entity_check;
ALTER TABLE data_changes ADD CONSTRAINT data_changes_entity_check
    CHECK (entity IN ('household', 'station', 'staff', 'volunteer', 'service_task', 'service_signup', 'visit'));
